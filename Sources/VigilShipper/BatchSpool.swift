import DequeModule
import Foundation
import VigilCore
import VigilHubWire

#if canImport(Glibc)
    import Glibc
#endif

/// Batches waiting for the hub, one file each (`00000000000000000042.batch`: a note line, then
/// the body exactly as it will be signed and sent), so that a sensor killed or cut off from its
/// hub loses nothing it had closed. A file is deleted only once the hub acknowledged it.
///
/// Sequence numbers come from `next-sequence`, advanced (by an atomic rename) after each batch
/// is written, and from the batches waiting, so that a number is never used twice nor skipped,
/// even across a crash. When the spool holds
/// more than `limitBytes`, the oldest batches go first, counted: the hub will see their numbers
/// missing.
///
/// The folder is listed once, when the spool opens; from then on the spool keeps its own index
/// of the batches and their sizes, so adding a batch costs the same with two or two million
/// waiting. That is safe because one process at a time owns a spool: an exclusive lock on
/// `spool/lock`, taken at opening, turns a second shipper for the same sensor away.
public final class BatchSpool {
    public let directory: URL
    public let sensor: String
    /// 1 GiB by default: at a few hundred bytes a row, days of a busy sensor's connections.
    public let limitBytes: Int
    public private(set) var dropped = 0
    /// Waiting batches, oldest first, with their sizes in bytes.
    private var waiting: Deque<(sequence: UInt64, bytes: Int)> = []
    private var waitingBytes = 0
    private var nextSequence: UInt64 = 1
    private let lock: Int32

    public init(directory: URL, sensor: String, limitBytes: Int = 1 << 30) throws(VigilError) {
        self.directory = directory
        self.sensor = sensor
        self.limitBytes = limitBytes
        do {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("refused"), withIntermediateDirectories: true)
        } catch {
            throw VigilError(.ioFailure, "cannot make the spool folder: \(error)", source: directory.path)
        }
        lock = open(directory.appendingPathComponent("lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0, flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            if lock >= 0 { close(lock) }
            throw VigilError(
                .ioFailure, "another vigil process is using this spool (is a `vigil ship` already running?)", source: directory.path)
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var found: [(sequence: UInt64, bytes: Int)] = []
        for name in names {
            guard name.hasSuffix(".batch"), let sequence = UInt64(name.dropLast(".batch".count)) else { continue }
            let attributes = try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(name).path)
            found.append((sequence, (attributes?[.size] as? Int) ?? 0))
        }
        waiting = Deque(found.sorted { $0.sequence < $1.sequence })
        waitingBytes = waiting.reduce(0) { $0 + $1.bytes }
        let counter = directory.appendingPathComponent("next-sequence")
        let stored = (try? String(contentsOf: counter, encoding: .utf8)).flatMap {
            UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        // A lost counter file must not restart numbering below what the spool still holds.
        nextSequence = max(stored ?? 1, (waiting.last?.sequence ?? 0) + 1)
    }

    deinit { close(lock) }

    /// Closes a batch of `records` into the spool. `note` (one line, never sent) is kept in the
    /// same file, written by the same rename: the shipper keeps there how far it had read, so
    /// that after a crash it knows exactly which rows are already spooled.
    @discardableResult
    public func add(
        _ records: [ShippedRecord], note: [UInt8] = [], created: Double = Date().timeIntervalSince1970
    ) throws(VigilError) -> UInt64 {
        do {
            // The batch first, then the counter: killed in between, the spool still holds the
            // batch, and opening it again numbers on from there. The other order would burn a
            // number no batch ever had, which the hub would count as a batch lost.
            let sequence = nextSequence
            let batch = try SensorBatch(
                header: BatchHeader(
                    sensor: sensor, sequence: sequence, created: created, records: 0, spoolBatches: waiting.count,
                    spoolBytes: waitingBytes), records: records)
            let file = note.filter { $0 != 0x0A } + [0x0A] + batch.body
            try Data(file).write(to: url(sequence), options: .atomic)
            nextSequence += 1
            try Data(String(nextSequence).utf8).write(to: directory.appendingPathComponent("next-sequence"), options: .atomic)
            waiting.append((sequence, file.count))
            waitingBytes += file.count
            try trim()
            return sequence
        } catch let error as VigilError {
            throw error
        } catch {
            throw VigilError(.ioFailure, "cannot write to the spool: \(error)", source: directory.path)
        }
    }

    /// The batches waiting, oldest first.
    public func pending() -> [(sequence: UInt64, url: URL)] {
        waiting.map { ($0.sequence, url($0.sequence)) }
    }

    /// A spooled batch's note and body.
    public static func read(_ url: URL) -> (note: [UInt8], body: [UInt8])? {
        guard let data = FileManager.default.contents(atPath: url.path), let newline = data.firstIndex(of: 0x0A) else { return nil }
        return (Array(data[..<newline]), Array(data[(newline + 1)...]))
    }

    public func acknowledged(_ sequence: UInt64) {
        try? FileManager.default.removeItem(at: url(sequence))
        forget(sequence)
    }

    /// Keeps a batch the hub refused, with the hub's reason beside it, out of the way of the
    /// others: resending it would be refused again.
    public func refused(_ sequence: UInt64, reason: String) {
        let target = directory.appendingPathComponent("refused").appendingPathComponent(url(sequence).lastPathComponent)
        try? FileManager.default.removeItem(at: target)
        try? FileManager.default.moveItem(at: url(sequence), to: target)
        try? Data((reason + "\n").utf8).write(to: target.appendingPathExtension("reason"))
        forget(sequence)
    }

    private func forget(_ sequence: UInt64) {
        // Batches leave oldest first, so the one to forget is nearly always at the front.
        guard let index = waiting.firstIndex(where: { $0.sequence == sequence }) else { return }
        waitingBytes -= waiting[index].bytes
        waiting.remove(at: index)
    }

    private func url(_ sequence: UInt64) -> URL {
        let digits = String(sequence)
        return directory.appendingPathComponent(String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".batch")
    }

    private func trim() throws {
        while waitingBytes > limitBytes, waiting.count > 1 {
            let oldest = waiting.removeFirst()
            try FileManager.default.removeItem(at: url(oldest.sequence))
            waitingBytes -= oldest.bytes
            dropped += 1
        }
    }
}
