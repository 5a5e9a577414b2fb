import Foundation
import VigilCore
import VigilHubWire

/// Turns a folder of Zeek JSON logs (Vigil's or any Zeek's) and an assets.json beside them into
/// records for the hub: one per log row, one per asset.
///
/// TSV logs are named and skipped: the hub stores rows as JSON objects, which TSV rows are not
/// until typed, and Zeek writes JSON with `LogAscii::use_json=T`.
public struct LogFolderReader {
    public struct Skipped: Sendable, Equatable {
        public var file: String
        public var reason: String
    }

    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// Calls `take` with up to `batchSize` records at a time, in file order; returns the files
    /// skipped and why.
    public func read(batchSize: Int = 5_000, _ take: ([ShippedRecord]) throws -> Void) throws -> [Skipped] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        var skipped: [Skipped] = []
        var records: [ShippedRecord] = []
        func flush() throws {
            if !records.isEmpty { try take(records) }
            records.removeAll(keepingCapacity: true)
        }
        for name in names {
            let url = directory.appendingPathComponent(name)
            if name == "assets.json" {
                for asset in try Self.assets(in: url) {
                    records.append(asset)
                    if records.count == batchSize { try flush() }
                }
                continue
            }
            guard name.hasSuffix(".log") else { continue }
            let log = String(name.dropLast(".log".count).prefix { $0 != "." })
            guard let data = FileManager.default.contents(atPath: url.path) else {
                skipped.append(Skipped(file: name, reason: "cannot be read"))
                continue
            }
            if data.first == UInt8(ascii: "#") {
                skipped.append(Skipped(file: name, reason: "a TSV log; the hub takes Zeek JSON logs"))
                continue
            }
            for (number, line) in data.split(separator: 0x0A).enumerated() {
                let text = String(decoding: line, as: UTF8.self)
                guard text.hasPrefix("{"), text.hasSuffix("}") else {
                    skipped.append(Skipped(file: "\(name):\(number + 1)", reason: "not a JSON object"))
                    continue
                }
                records.append(ShippedRecord(log: log, row: text))
                if records.count == batchSize { try flush() }
            }
        }
        try flush()
        return skipped
    }

    /// Each device of an assets.json as its own record.
    static func assets(in url: URL) throws -> [ShippedRecord] {
        guard let data = FileManager.default.contents(atPath: url.path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let assets = object["assets"] as? [Any]
        else { throw VigilError(.invalidDocument, "not a Vigil assets.json (no \"assets\" list)", source: url.path) }
        return try assets.map { asset in
            let text = try JSONSerialization.data(withJSONObject: asset, options: [.sortedKeys, .withoutEscapingSlashes])
            return ShippedRecord(log: "asset", row: String(decoding: text, as: UTF8.self))
        }
    }
}
