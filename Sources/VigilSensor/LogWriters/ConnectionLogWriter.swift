import VigilCore
import VigilEvents
import VigilLogs

/// Writes finished connections as Zeek 7's conn.log (base/protocols/conn/main.zeek), one row
/// per connection.
final class ConnectionLogWriter {
    static let schema = LogSchema(
        path: "conn",
        fields: LogSchema.connectionFields + [
            LogField("proto", "enum"), LogField("service", "string"), LogField("duration", "interval"),
            LogField("orig_bytes", "count"), LogField("resp_bytes", "count"), LogField("conn_state", "string"),
            LogField("local_orig", "bool"), LogField("local_resp", "bool"), LogField("missed_bytes", "count"),
            LogField("history", "string"), LogField("orig_pkts", "count"), LogField("orig_ip_bytes", "count"),
            LogField("resp_pkts", "count"), LogField("resp_ip_bytes", "count"), LogField("tunnel_parents", "set[string]"),
            LogField("ip_proto", "count"), LogField("orig_l2_addr", "string"), LogField("resp_l2_addr", "string"),
        ])

    /// The site's own networks: local_orig and local_resp.
    let localNetworks: LocalNetworks

    init(localNetworks: LocalNetworks = .zeekDefault) { self.localNetworks = localNetworks }

    /// The connection's row.
    func write(_ c: ConnectionSummary, to router: EventRouter) {
        router.log(Self.schema) { row in
            let duration = c.last.nanoseconds - c.start.nanoseconds
            // Zeek sets duration and sizes only when the connection lasted (set_conn: duration > 0).
            let lasted = duration > 0
            row.connection(ts: c.start, uid: c.uidBits, id: c.id, cached: nil)
            // Typed adders, not `LogValue`s: one row per connection, ~100 instructions a field.
            row.add(name: c.id.proto.zeekName)
            if c.services.isEmpty {
                row.addUnset()
            } else {
                row.add(string: c.services.count == 1 ? c.services[0] : c.services.joined(separator: ","))
            }
            if lasted {
                row.add(interval: duration)
                row.add(count: UInt64(truncatingIfNeeded: c.orig.bytes))
                row.add(count: UInt64(truncatingIfNeeded: c.resp.bytes))
            } else {
                row.addUnset(count: 3)
            }
            row.add(name: c.state)
            // Zeek sets both only when Site::local_nets is not empty.
            if localNetworks.networks.isEmpty {
                row.addUnset(count: 2)
            } else {
                row.add(bool: localNetworks.contains(c.id.origHost))
                row.add(bool: localNetworks.contains(c.id.respHost))
            }
            row.add(count: UInt64(truncatingIfNeeded: c.missedBytes))
            c.history.withUnsafeBytes { row.add(plainText: $0) }
            row.add(count: UInt64(truncatingIfNeeded: c.orig.packets))
            row.add(count: UInt64(truncatingIfNeeded: c.orig.ipBytes))
            row.add(count: UInt64(truncatingIfNeeded: c.resp.packets))
            row.add(count: UInt64(truncatingIfNeeded: c.resp.ipBytes))
            if c.tunnelParents.isEmpty {
                row.addUnset()
            } else {
                row.add(.strings(c.tunnelParents.map(\.text)))
            }
            // ip_proto (Zeek 7.1): the IP protocol number; a protocol Vigil does not name has
            // none kept.
            if c.id.proto == .other { row.addUnset() } else { row.add(count: UInt64(c.id.proto.rawValue)) }
            row.add(optionalMAC: c.orig.mac)
            row.add(optionalMAC: c.resp.mac)
        }
    }
}
