import VigilCore
import VigilEvents
import VigilLogs

/// Writes tunnel.log as Zeek 7 does (base/frameworks/tunnels/main.zeek): one row when a tunnel
/// is discovered, closed or expires.
final class TunnelLogWriter {
    static let schema = LogSchema(
        path: "tunnel",
        fields: LogSchema.connectionFields + [LogField("tunnel_type", "enum"), LogField("action", "enum")])

    func write(_ e: TunnelEvent, to router: EventRouter) {
        let before = router.now
        router.now = e.ts
        defer { router.now = before }
        router.log(Self.schema) { row in
            if let uid = e.tunnel.uidBits {
                row.connection(ts: e.ts, uid: uid, id: e.tunnel.id, cached: nil)
            } else {
                let id = e.tunnel.id
                row.add(contentsOf: [.time(e.ts), .unset, .addr(id.origHost), .port(id.origPort), .addr(id.respHost), .port(id.respPort)])
            }
            row.add(name: e.tunnel.type.zeekName)
            row.add(name: e.action.zeekName)
        }
    }
}
