import VigilCore
import VigilEvents
import VigilLogs

extension EventRouter {
    /// An ICSNPP row for one of a flow's messages: the connection fields and the direction
    /// block of the side that sent it (`flow` is the flow's encoded uid and id), then what
    /// `fields` adds.
    func log<Kind>(_ schema: LogSchema, for e: FlowMessage<Kind>, _ flow: ConnectionFieldText, _ fields: (inout LogRow) -> Void) {
        log(schema) { row in
            row.directional(ts: e.ts, flow, isOrig: e.isOrig)
            fields(&row)
        }
    }
}
