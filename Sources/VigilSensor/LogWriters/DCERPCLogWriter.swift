import VigilCore
import VigilEvents
import VigilLogs

/// Writes dce_rpc.log as Zeek does (base/protocols/dce-rpc/main.zeek): one row per call
/// answered, the interface and operation by Zeek's names.
final class DCERPCLogWriter {
    static let schema = LogSchema(
        path: "dce_rpc",
        fields: LogSchema.connectionFields + [
            LogField("rtt", "interval"), LogField("named_pipe", "string"), LogField("endpoint", "string"),
            LogField("operation", "string"),
        ])

    private var text = FlowTextCache()

    func write(_ e: DCERPCCallEvent, to router: EventRouter) {
        let flow = text.fieldText(e.flow)
        router.log(Self.schema) { row in
            row.connection(ts: e.ts, flow)
            if let rtt = e.rtt { row.add(interval: rtt) } else { row.addUnset() }
            row.add(e.namedPipe.map { .string($0) } ?? .unset)
            row.add(.string(e.endpoint))
            row.add(.string(e.operation))
        }
    }
}
