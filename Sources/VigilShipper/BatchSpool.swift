import Foundation
import VigilCore
import VigilHubWire

/// Batches waiting for the hub, one file each (`00000000000000000042.batch`, the body exactly as
/// it will be signed and sent), so that a sensor killed or cut off from its hub loses nothing it
/// had closed. A file is deleted only once the hub acknowledged it.
///
/// Sequence numbers come from `next-sequence`, advanced (and flushed by an atomic rename)
/// before a batch is written, so that a number is never used twice, even across a crash.
/// When the spool holds more than `limitBytes`, the oldest batches go first, counted: the hub
/// will see their numbers missing.
public final class BatchSpool {
    public let directory: URL
    public let sensor: String
    /// 1 GiB by default: at a few hundred bytes a row, days of a busy sensor's connections.
    public let limitBytes: Int
    public private(set) var dropped = 0

    public init(directory: URL, sensor: String, limitBytes: Int = 1 << 30) throws(VigilError) {
        self.directory = directory
        self.sensor = sensor
        self.limitBytes = limitBytes
        do {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("refused"), withIntermediateDirectories: true)
        } catch {
            throw VigilError(.ioFailure, "cannot make the spool folder: \(error)", source: directory.path)
        }
    }

    /// Closes a batch of `records` into the spool. `note` (one line, never sent) is kept in the
    /// same file, written by the same rename: the shipper keeps there how far it had read, so
    /// that after a crash it knows exactly which rows are already spooled.
    @discardableResult
    public func add(
        _ records: [ShippedRecord], note: [UInt8] = [], created: Double = Date().timeIntervalSince1970
    ) throws(VigilError) -> UInt64 {
        do {
            let sequence = try takeSequence()
            let batch = try SensorBatch(
                header: BatchHeader(sensor: sensor, sequence: sequence, created: created, records: 0), records: records)
            try Data(note.filter { $0 != 0x0A } + [0x0A] + batch.body).write(to: url(sequence), options: .atomic)
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
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.compactMap { name in
            guard name.hasSuffix(".batch"), let sequence = UInt64(name.dropLast(".batch".count)) else { return nil }
            return (sequence, directory.appendingPathComponent(name))
        }.sorted { $0.sequence < $1.sequence }
    }

    /// A spooled batch's note and body.
    public static func read(_ url: URL) -> (note: [UInt8], body: [UInt8])? {
        guard let data = FileManager.default.contents(atPath: url.path), let newline = data.firstIndex(of: 0x0A) else { return nil }
        return (Array(data[..<newline]), Array(data[(newline + 1)...]))
    }

    public func acknowledged(_ sequence: UInt64) {
        try? FileManager.default.removeItem(at: url(sequence))
    }

    /// Keeps a batch the hub refused, with the hub's reason beside it, out of the way of the
    /// others: resending it would be refused again.
    public func refused(_ sequence: UInt64, reason: String) {
        let target = directory.appendingPathComponent("refused").appendingPathComponent(url(sequence).lastPathComponent)
        try? FileManager.default.removeItem(at: target)
        try? FileManager.default.moveItem(at: url(sequence), to: target)
        try? Data((reason + "\n").utf8).write(to: target.appendingPathExtension("reason"))
    }

    private func url(_ sequence: UInt64) -> URL {
        let digits = String(sequence)
        return directory.appendingPathComponent(String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".batch")
    }

    private func takeSequence() throws -> UInt64 {
        let counter = directory.appendingPathComponent("next-sequence")
        let stored = (try? String(contentsOf: counter, encoding: .utf8)).flatMap {
            UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        // A lost counter file must not restart numbering below what the spool still holds.
        let next = max(stored ?? 1, (pending().last?.sequence ?? 0) + 1)
        try Data(String(next + 1).utf8).write(to: counter, options: .atomic)
        return next
    }

    private func trim() throws {
        var files = pending().map { (url: $0.url, size: (try? $0.url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0) }
        var total = files.reduce(0) { $0 + $1.size }
        while total > limitBytes, files.count > 1 {
            let oldest = files.removeFirst()
            try FileManager.default.removeItem(at: oldest.url)
            total -= oldest.size
            dropped += 1
        }
    }
}
