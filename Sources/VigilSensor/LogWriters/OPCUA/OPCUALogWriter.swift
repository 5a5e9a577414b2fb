import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Writes OPC UA events as ICSNPP-opcua-binary's logs (`OPCUALog`): opcua_binary, one per
/// request and response pair; the per-service logs; and status_code_detail, a row per status
/// code a message carries.
final class OPCUALogWriter {
    private var text = FlowTextCache()

    func write(_ e: OPCUAEvent, to router: EventRouter) {
        let context = OPCUARows(router: router, flow: text.fieldText(e.flow), ts: e.ts)
        switch e.message {
        case .exchange(let request, let response): logBinary(request: request, response: response, context: context)
        case .service(let m, let body): serviceRows(m, body, context: context)
        case .headerStatuses(let m, let found): statusRows(m, found, context: context)
        }
    }
}

/// Where one OPC UA event's rows go: the router, the flow's uid and id as log text, and the
/// event's time (the direction block's `ts`).
struct OPCUARows {
    let router: EventRouter
    let flow: ConnectionFieldText
    let ts: Timestamp

    /// An ICSNPP row of a message from the originator (`isOrig`) or the responder.
    func log(_ schema: LogSchema, isOrig: Bool, values: [LogValue]) {
        router.log(schema) { row in
            row.directional(ts: ts, flow, isOrig: isOrig)
            row.add(contentsOf: values)
        }
    }

    /// A row with the connection fields stamped `t`, then what `fields` adds.
    func log(_ schema: LogSchema, at t: Timestamp, _ fields: (inout LogRow) -> Void) {
        router.log(schema) { row in
            row.connection(ts: t, flow)
            fields(&row)
        }
    }
}
