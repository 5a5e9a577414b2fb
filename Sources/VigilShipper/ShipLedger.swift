import Crypto
import Foundation
import VigilHubWire

/// How far each log file has been shipped, so that shipping a folder again sends only what was
/// added since (a live Zeek or Vigil appends to its logs), and nothing twice.
///
/// A file is known by its path and the SHA-256 of its first line: when a log is rotated and a
/// new file takes its name, the first line differs and the new file is shipped from its start.
/// Kept as `shipped.json` in the sensor's identity folder, rewritten by an atomic rename after
/// each batch is spooled, so a sensor killed between the two re-sends at most that one batch.
public struct ShipLedger: Codable, Sendable {
    public struct Position: Codable, Sendable, Equatable {
        /// SHA-256 of the file's first line, hex.
        public var head: String
        /// Bytes shipped: always the end of a whole line.
        public var offset: Int
    }

    public var files: [String: Position] = [:]
    /// One more each time rows are spooled: tells which of two ledgers is newer.
    public var generation = 0

    public init() {}

    public static func load(from url: URL) -> ShipLedger {
        guard let data = FileManager.default.contents(atPath: url.path),
            let ledger = try? JSONDecoder().decode(ShipLedger.self, from: data)
        else { return ShipLedger() }
        return ledger
    }

    public func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: url, options: .atomic)
    }

    /// The newer of shipped.json and the ledger noted in the newest spooled batch. A batch's
    /// note is the ledger of the moment it was spooled, written in the same rename as the batch,
    /// so a shipper killed after spooling a batch but before saving shipped.json still knows
    /// those rows are spooled, and reads on from just after them.
    public static func recover(_ saved: ShipLedger, spool: BatchSpool) -> ShipLedger {
        guard let newest = spool.pending().last, let note = BatchSpool.read(newest.url)?.note, !note.isEmpty,
            let spooled = try? JSONDecoder().decode(ShipLedger.self, from: Data(note)), spooled.generation > saved.generation
        else { return saved }
        return spooled
    }

    /// One line of JSON, for a spooled batch's note.
    public var line: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(self)) ?? Data())
    }

    /// Where to resume reading `data`, the current content of the file at `path`.
    ///
    /// A log rotated by renaming in its folder (a sensor's `conn.log` becoming
    /// `conn.OPEN-CLOSE.log`) is found under its new name by its first line, and resumed where it
    /// was left. Only in the same folder: the same rows in another folder (the same capture
    /// analyzed twice) are another run's, and are shipped.
    public func resumeOffset(path: String, data: Data) -> Int {
        let head = Self.head(of: data)
        if let known = files[path], known.head == head, known.offset <= data.count { return known.offset }
        let folder = (path as NSString).deletingLastPathComponent
        let moved = files.first { entry in
            (entry.key as NSString).deletingLastPathComponent == folder && entry.value.head == head && entry.value.offset <= data.count
        }
        return moved?.value.offset ?? 0
    }

    /// Forgets files that no longer exist (rotated logs a sensor deleted), so the ledger does
    /// not grow without end.
    public mutating func forgetMissingFiles() {
        files = files.filter { FileManager.default.fileExists(atPath: $0.key) }
    }

    /// What tells one log file from another: its first line, which for a JSON log is its first
    /// row. Every TSV log starts with the same `#separator` line, so for those it is the whole
    /// header block (`#path` names the log, `#open` when this file was opened).
    static func head(of data: Data) -> String {
        guard data.first == UInt8(ascii: "#") else { return Hex.encode(SHA256.hash(data: data.prefix { $0 != 0x0A })) }
        var end = data.startIndex
        while end < data.endIndex, data[end] == UInt8(ascii: "#"), let newline = data[end...].firstIndex(of: 0x0A) { end = newline + 1 }
        return Hex.encode(SHA256.hash(data: data[data.startIndex..<end]))
    }
}
