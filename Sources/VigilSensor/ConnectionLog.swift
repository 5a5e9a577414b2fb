import VigilCore
import VigilDecode
import VigilLogs

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

    /// The connection's row; `text` is its flow's encoded uid and conn_id.
    static func fields(_ c: Connection, text: ConnectionFieldText, into row: inout LogRow) {
        let duration = c.last.nanoseconds - c.start.nanoseconds
        // Zeek sets duration and sizes only when the connection lasted (set_conn: duration > 0).
        let lasted = duration > 0
        let origSize = c.id.proto == .tcp ? c.orig.tcpSize : c.orig.payloadBytes
        let respSize = c.id.proto == .tcp ? c.resp.tcpSize : c.resp.payloadBytes
        row.connection(ts: c.start, text)
        row.add(.name(c.id.proto.zeekName))
        row.add(c.services.isEmpty ? .unset : .string(c.services.count == 1 ? c.services[0] : c.services.joined(separator: ",")))
        row.add(lasted ? .interval(duration) : .unset)
        row.add(lasted ? .count(origSize) : .unset)
        row.add(lasted ? .count(respSize) : .unset)
        row.add(.name(c.connState))
        row.add(.unset)  // local_orig and local_resp: no local_nets setting yet
        row.add(.unset)
        row.add(.count(c.orig.stream.gapBytes + c.resp.stream.gapBytes))
        row.add(.string(c.historyString))
        row.add(.count(c.orig.packets))
        row.add(.count(c.orig.ipBytes))
        row.add(.count(c.resp.packets))
        row.add(.count(c.resp.ipBytes))
        row.add(.unset)  // tunnel_parents: no tunnel decapsulation
        row.add(c.orig.mac.map { .mac($0) } ?? .unset)
        row.add(c.resp.mac.map { .mac($0) } ?? .unset)
    }
}
