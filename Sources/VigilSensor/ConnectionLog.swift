import VigilCore
import VigilDecode

/// Zeek 7's conn.log (base/protocols/conn/main.zeek), one row per finished connection.
enum ConnectionLog {
    static let schema = LogSchema(
        path: "conn",
        fields: LogSchema.connectionFields + [
            LogField("proto", "enum"), LogField("service", "string"), LogField("duration", "interval"),
            LogField("orig_bytes", "count"), LogField("resp_bytes", "count"), LogField("conn_state", "string"),
            LogField("local_orig", "bool"), LogField("local_resp", "bool"), LogField("missed_bytes", "count"),
            LogField("history", "string"), LogField("orig_pkts", "count"), LogField("orig_ip_bytes", "count"),
            LogField("resp_pkts", "count"), LogField("resp_ip_bytes", "count"), LogField("tunnel_parents", "set[string]"),
            LogField("orig_l2_addr", "string"), LogField("resp_l2_addr", "string"),
        ])

    static func record(_ c: Connection) -> LogRecord {
        let duration = c.last.nanoseconds - c.start.nanoseconds
        // Zeek sets duration and sizes only when the connection lasted (set_conn: duration > 0).
        let lasted = duration > 0
        let origSize = c.id.proto == .tcp ? c.orig.tcpSize : c.orig.payloadBytes
        let respSize = c.id.proto == .tcp ? c.resp.tcpSize : c.resp.payloadBytes
        return LogRecord(
            schema,
            LogRecord.connectionValues(ts: c.start, uid: c.uid, id: c.id) + [
                .string(c.id.proto.zeekName), c.services.isEmpty ? .unset : .string(c.services.joined(separator: ",")),
                lasted ? .interval(duration) : .unset, lasted ? .count(origSize) : .unset, lasted ? .count(respSize) : .unset,
                .string(c.connState), .unset, .unset, .count(c.orig.stream.gapBytes + c.resp.stream.gapBytes),
                .string(c.historyString), .count(c.orig.packets), .count(c.orig.ipBytes), .count(c.resp.packets),
                .count(c.resp.ipBytes), .unset, c.orig.mac.map { .mac($0) } ?? .unset, c.resp.mac.map { .mac($0) } ?? .unset,
            ])
    }
}
