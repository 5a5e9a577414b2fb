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
    /// For a `conn` record: what it adds to the communication map.
    public private(set) var connection: ConnectionSummary?

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
        guard let object = JSONObjectText(Array(line)) else {
            throw .malformed(line: lineNumber, reason: "not a JSON object")
        }
        // A line that names its log or its row twice is refused: which one a reader keeps
        // differs from reader to reader, and the hub must store what the sensor meant.
        guard object.count(named: "log") == 1, object.count(named: "row") == 1 else {
            throw .malformed(line: lineNumber, reason: "a record has one \"log\" and one \"row\"")
        }
        guard let log = object.string("log"), !log.isEmpty, log.utf8.allSatisfy(Self.isLogNameByte) else {
            throw .malformed(line: lineNumber, reason: "\"log\" must name a log (letters, digits and _)")
        }
        guard let rowMember = object.member("row"), let row = object.object("row") else {
            throw .malformed(line: lineNumber, reason: "\"row\" must be a JSON object")
        }
        // The row is stored as the sensor wrote and signed it.
        self.log = log
        self.row = object.text(of: rowMember)
        self.ts = row.number("ts")
        self.uid = row.string("uid")
        if log == "notice" {
            self.alert = AlertSummary(
                rule: row.string("rule_id") ?? row.string("note") ?? "", level: row.string("level") ?? "",
                message: row.string("msg") ?? "", source: row.string("src"), destination: row.string("dst"))
        }
        if log == "asset" {
            self.assetKey = row.string("key") ?? row.string("mac") ?? row.firstString(ofArray: "ips")
            self.firstSeen = row.number("first_seen")
            self.lastSeen = row.number("last_seen")
        }
        if log == "conn" { self.connection = ConnectionSummary(row: row) }
    }

    public static func isLogNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
    }
}
