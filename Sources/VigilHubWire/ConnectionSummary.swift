/// What the hub's communication map takes from a conn.log row: the edge it belongs to and
/// what the connection adds to it.
public struct ConnectionSummary: Sendable, Equatable, Hashable {
    /// `id.orig_h` and `id.resp_h`.
    public var client: String
    public var server: String
    /// `proto`; `-` when the row has none.
    public var transport: String
    /// `id.resp_p`; 0 when the row has none.
    public var serverPort: Int64
    /// `service`; `-` when the row has none or it is empty.
    public var service: String
    /// `orig_pkts` + `resp_pkts` and `orig_ip_bytes` + `resp_ip_bytes`, a missing one as 0.
    public var packets: Int64
    public var bytes: Int64
    /// `ts`, and `ts` + `duration`; nil when the row has no `ts`.
    public var start: Double?
    public var end: Double?

    /// Nil unless `text` is a JSON object naming both ends.
    public init?(rowText text: String) {
        guard let row = JSONObjectText(Array(text.utf8)) else { return nil }
        self.init(row: row)
    }

    /// Nil unless the row names both ends.
    init?(row: JSONObjectText) {
        guard let client = row.string("id.orig_h"), let server = row.string("id.resp_h") else { return nil }
        self.client = client
        self.server = server
        transport = row.string("proto") ?? "-"
        serverPort = Self.count(row, "id.resp_p")
        service = row.string("service").flatMap { $0.isEmpty ? nil : $0 } ?? "-"
        packets = Self.count(row, "orig_pkts") &+ Self.count(row, "resp_pkts")
        bytes = Self.count(row, "orig_ip_bytes") &+ Self.count(row, "resp_ip_bytes")
        start = row.number("ts")
        end = start.map { $0 + (row.number("duration") ?? 0) }
    }

    /// A whole number from the row, 0 when missing, clamped to what the map's columns hold.
    static func count(_ row: JSONObjectText, _ name: String) -> Int64 {
        guard let value = row.number(name) else { return 0 }
        return value >= 9.2e18 ? Int64.max : value <= -9.2e18 ? Int64.min : Int64(value)
    }
}
