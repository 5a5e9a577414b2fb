import VigilCore
import VigilEvents
import VigilLogs

/// Writes snmp.log as Zeek does (base/protocols/snmp/main.zeek): one row per connection.
final class SNMPLogWriter {
    static let schema = LogSchema(
        path: "snmp",
        fields: LogSchema.connectionFields + [
            LogField("duration", "interval"), LogField("version", "string"), LogField("community", "string"),
            LogField("get_requests", "count"), LogField("get_bulk_requests", "count"), LogField("get_responses", "count"),
            LogField("set_requests", "count"), LogField("display_string", "string"), LogField("up_since", "time"),
        ])

    private var text = FlowTextCache()

    func write(_ e: SNMPSessionEvent, to router: EventRouter) {
        let flow = text.fieldText(e.flow)
        router.log(Self.schema) { row in
            row.connection(ts: e.ts, flow)
            row.add(interval: e.last.nanoseconds - e.ts.nanoseconds)
            row.add(.string(e.version))
            row.add(.optional(e.community))
            row.add(count: UInt64(e.getRequests))
            row.add(count: UInt64(e.getBulkRequests))
            row.add(count: UInt64(e.getResponses))
            row.add(count: UInt64(e.setRequests))
            row.add(.optional(e.displayString))
            if let t = e.upSince { row.add(time: t) } else { row.addUnset() }
        }
    }
}
