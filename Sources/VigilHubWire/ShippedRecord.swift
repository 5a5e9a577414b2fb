import Foundation

/// One record of a batch: the log it belongs to (conn, notice, weird, modbus, asset, …) and the
/// row as a JSON object, exactly as the sensor wrote it.
public struct ShippedRecord: Sendable, Equatable {
    public var log: String
    /// A JSON object's text.
    public var row: String
    /// The row's `ts` and `uid`, read when the hub decodes a batch (nil on the sensor's side).
    public private(set) var ts: Double?
    public private(set) var uid: String?
    /// For an `asset` record: the key that makes one device one asset across sensors (its MAC
    /// when it has one, else its first address) and the times it was first and last seen.
    public private(set) var assetKey: String?
    public private(set) var firstSeen: Double?
    public private(set) var lastSeen: Double?
    /// For a `notice` record: what the hub's alert queue needs to sort and filter it.
    public private(set) var alert: AlertSummary?

    public init(log: String, row: String) {
        self.log = log
        self.row = row
    }

    public static func == (a: ShippedRecord, b: ShippedRecord) -> Bool { a.log == b.log && a.row == b.row }

    /// `{"log":"conn","row":{…}}` and a newline. Log names are Zeek's (letters, digits, `_`), so
    /// they need no escaping; the row is already JSON.
    func appendLine(to body: inout [UInt8]) {
        body.append(contentsOf: #"{"log":""#.utf8)
        body.append(contentsOf: log.utf8)
        body.append(contentsOf: #"","row":"#.utf8)
        body.append(contentsOf: row.utf8)
        body.append(contentsOf: "}\n".utf8)
    }

    init(line: ArraySlice<UInt8>, lineNumber: Int) throws(BatchError) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
            throw .malformed(line: lineNumber, reason: "not a JSON object")
        }
        guard let log = object["log"] as? String, !log.isEmpty, log.utf8.allSatisfy(Self.isLogNameByte) else {
            throw .malformed(line: lineNumber, reason: "\"log\" must name a log (letters, digits and _)")
        }
        guard let row = object["row"] as? [String: Any],
            let text = Self.rowText(line, log: log, fields: object.count) ?? Self.canonical(row)
        else {
            throw .malformed(line: lineNumber, reason: "\"row\" must be a JSON object")
        }
        self.log = log
        self.row = text
        self.ts = row["ts"] as? Double
        self.uid = row["uid"] as? String
        if log == "notice" {
            self.alert = AlertSummary(
                rule: row["rule_id"] as? String ?? row["note"] as? String ?? "", level: row["level"] as? String ?? "",
                message: row["msg"] as? String ?? "", source: row["src"] as? String, destination: row["dst"] as? String)
        }
        if log == "asset" {
            self.assetKey = (row["key"] as? String) ?? (row["mac"] as? String) ?? ((row["ips"] as? [Any])?.first as? String)
            self.firstSeen = row["first_seen"] as? Double
            self.lastSeen = row["last_seen"] as? Double
        }
    }

    /// The row's own text, as the sensor wrote it, when the line is in the form `appendLine`
    /// writes (`{"log":"…","row":` … `}`, nothing else): the hub stores the row the sensor
    /// signed instead of writing it anew. Writing it anew with sorted keys was three quarters of
    /// the hub's ingest time. The text is parsed on its own once more, so that a line with a
    /// second "row" key (which a JSON reader folds into one) cannot slip anything past.
    static func rowText(_ line: ArraySlice<UInt8>, log: String, fields: Int) -> String? {
        let prefix = Array(#"{"log":""#.utf8) + Array(log.utf8) + Array(#"","row":"#.utf8)
        var end = line.endIndex
        while end > line.startIndex, [0x20, 0x09, 0x0A, 0x0D].contains(line[end - 1]) { end -= 1 }
        guard fields == 2, line.count > prefix.count + 1, line.starts(with: prefix), line[end - 1] == UInt8(ascii: "}") else { return nil }
        var start = line.startIndex + prefix.count
        end -= 1
        while start < end, [0x20, 0x09, 0x0A, 0x0D].contains(line[start]) { start += 1 }
        while end > start, [0x20, 0x09, 0x0A, 0x0D].contains(line[end - 1]) { end -= 1 }
        let text = line[start..<end]
        guard text.first == UInt8(ascii: "{"), (try? JSONSerialization.jsonObject(with: Data(text))) is [String: Any] else { return nil }
        return String(decoding: text, as: UTF8.self)
    }

    /// A row in any other form, written out with sorted keys.
    static func canonical(_ row: [String: Any]) -> String? {
        (try? JSONSerialization.data(withJSONObject: row, options: [.sortedKeys, .withoutEscapingSlashes])).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    public static func isLogNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
    }
}
