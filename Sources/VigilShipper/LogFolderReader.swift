import Crypto
import Foundation
import VigilCore
import VigilHubWire
import VigilLogs

/// Turns a folder of Zeek logs (Vigil's or any Zeek's, JSON or TSV) and an assets.json beside
/// them into records for the hub: one per log row, one per asset.
///
/// The hub stores rows as JSON objects: a TSV row is turned into the object Zeek's JSON writer
/// would have written, typed by the log's `#fields` and `#types` header (`TSVLogHeader`).
public struct LogFolderReader {
    public struct Skipped: Sendable, Equatable {
        public var file: String
        public var reason: String
    }

    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// Calls `take` with up to `batchSize` records at a time, in file order, with the ledger as
    /// it stands once those records are taken; returns the files and lines skipped and why.
    ///
    /// Only what the ledger has not seen is read: the rest of a log past its recorded offset, up
    /// to its last complete line (a line still being written waits for the next time), and
    /// assets.json when its content changed.
    public func read(
        batchSize: Int = 5_000, ledger: inout ShipLedger, _ take: ([ShippedRecord], ShipLedger) throws -> Void
    ) throws -> [Skipped] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        var skipped: [Skipped] = []
        var records: [ShippedRecord] = []
        var pending = ledger
        func flush() throws {
            guard !records.isEmpty else { return }
            pending.generation += 1
            try take(records, pending)
            records.removeAll(keepingCapacity: true)
        }
        for name in names where name == "assets.json" || name.hasSuffix(".log") {
            let url = directory.appendingPathComponent(name)
            let path = url.standardizedFileURL.path
            guard let data = FileManager.default.contents(atPath: url.path) else {
                skipped.append(Skipped(file: name, reason: "cannot be read"))
                continue
            }
            if name == "assets.json" {
                // Assets are merged by the hub, so a changed file is sent whole.
                let digest = fileDigest(data)
                guard pending.files[path]?.head != digest else { continue }
                let assets = try Self.assets(in: url)
                for (index, asset) in assets.enumerated() {
                    records.append(asset)
                    if index == assets.count - 1 { pending.files[path] = .init(head: digest, offset: data.count) }
                    if records.count == batchSize { try flush() }
                }
                continue
            }
            let tsv = data.first == UInt8(ascii: "#") ? Self.tsvHeader(data) : nil
            if data.first == UInt8(ascii: "#"), tsv == nil {
                skipped.append(Skipped(file: name, reason: "a TSV log without #fields and #types lines"))
                continue
            }
            let log = tsv?.path ?? String(name.dropLast(".log".count).prefix { $0 != "." })
            let head = ShipLedger.head(of: data)
            var offset = pending.resumeOffset(path: path, data: data)
            while let end = data[offset...].firstIndex(of: 0x0A) {
                let line = data[offset..<end]
                offset = end + 1
                pending.files[path] = .init(head: head, offset: offset)
                if let tsv {
                    // Header lines, and `#close` at the end of a finished file, are no rows.
                    guard !line.isEmpty, line.first != UInt8(ascii: "#") else { continue }
                    records.append(ShippedRecord(log: log, row: tsv.jsonObject(Substring(decoding: line, as: UTF8.self))))
                    if records.count == batchSize { try flush() }
                    continue
                }
                guard line.first == UInt8(ascii: "{"), line.last == UInt8(ascii: "}") else {
                    if !line.isEmpty { skipped.append(Skipped(file: "\(name) at byte \(end - line.count)", reason: "not a JSON object")) }
                    continue
                }
                records.append(ShippedRecord(log: log, row: String(decoding: line, as: UTF8.self)))
                if records.count == batchSize { try flush() }
            }
        }
        try flush()
        ledger = pending
        return skipped
    }

    /// The header of a TSV log (its leading `#` lines), or nil when it names no fields and types.
    static func tsvHeader(_ data: Data) -> TSVLogHeader? {
        var header = TSVLogHeader()
        var offset = data.startIndex
        while offset < data.endIndex, data[offset] == UInt8(ascii: "#"), let end = data[offset...].firstIndex(of: 0x0A) {
            _ = header.read(directive: String(decoding: data[offset..<end], as: UTF8.self))
            offset = end + 1
        }
        return header.fields.isEmpty || header.types.count != header.fields.count ? nil : header
    }

    /// Each device of an assets.json as its own record. Written out without sorting keys:
    /// Foundation sorts them by locale-aware comparison, which took most of the shipper's time
    /// on a large inventory, and the hub reads the entry as an object whatever its key order.
    static func assets(in url: URL) throws -> [ShippedRecord] {
        guard let data = FileManager.default.contents(atPath: url.path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let assets = object["assets"] as? [Any]
        else { throw VigilError(.invalidDocument, "not a Vigil assets.json (no \"assets\" list)", source: url.path) }
        return try assets.map { asset in
            let text = try JSONSerialization.data(withJSONObject: asset, options: [.withoutEscapingSlashes])
            return ShippedRecord(log: "asset", row: String(decoding: text, as: UTF8.self))
        }
    }
}

/// SHA-256 of a whole file's bytes, hex: what tells a rewritten assets.json from the one shipped.
func fileDigest(_ data: Data) -> String {
    Hex.encode(SHA256.hash(data: data))
}
