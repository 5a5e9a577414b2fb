import VigilCore
import VigilEvents

/// The state Zeek's base/protocols/dce-rpc/main.zeek keeps for one binding over TCP (its
/// `c$dce_rpc` record and `dce_rpc_state`), event for event, so that dce_rpc.log's rows come
/// out as Zeek's do, quirks included: a row is written when a response ends a call whose
/// interface and operation are known; a row's round trip stays from an earlier call when a
/// response comes at the very moment of its request.
struct DCERPCCallState {
    /// `c$dce_rpc`'s fields, kept across calls as Zeek's backing record is.
    struct Info {
        var ts: Timestamp
        var rtt: Int64?
        var namedPipe: String?
        var endpoint: String?
        var operation: String?
    }

    var info: Info?
    /// Whether the connection holds `c$dce_rpc`: set by every event, cleared once a row is
    /// written on a response.
    var live = false
    /// The interface last bound, and each presentation context's interface.
    var boundInterface: String?
    var contexts: [UInt16: String] = [:]
    /// The bind_ack's secondary address.
    var secondaryAddress: String?
    /// The last request's opnum per presentation context: Zeek's analyzer answers a response
    /// with it (the response carries no opnum).
    var opnums: [UInt16: UInt16] = [:]

    /// Applies one PDU of `flow`; returns the row it writes, if any.
    mutating func apply(_ pdu: DCERPCPDU, at now: Timestamp, flow: FlowRef) -> DCERPCCallEvent? {
        switch pdu.kind {
        case .bind(let offered, _):
            // Zeek raises an event per context; the last one offered stays bound.
            for c in offered {
                beginEvent(at: now)
                contexts[c.id] = c.interface
                boundInterface = c.interface
                info?.endpoint = DCERPCNames.endpoint(c.interface)
            }
        case .bindAck(let address):
            beginEvent(at: now)
            if !address.isEmpty {
                secondaryAddress = address
                info?.namedPipe = address
            }
        case .alterContextResponse:
            beginEvent(at: now)
        case .request(let context, let opnum):
            // A call's stub may span fragments; its event comes with the last one.
            guard pdu.lastFragment else { return nil }
            beginEvent(at: now)
            info?.ts = now
            opnums[context] = opnum
        case .response(let context):
            guard pdu.lastFragment else { return nil }
            return respond(context: context, at: now, flow: flow)
        case .other:
            break
        }
        return nil
    }

    /// Zeek's `set_session`: the record is made on the binding's first event, then refreshed
    /// from the binding's state on every one.
    mutating func beginEvent(at now: Timestamp) {
        if info == nil { info = Info(ts: now) }
        live = true
        if let boundInterface { info?.endpoint = DCERPCNames.endpoint(boundInterface) }
        if let secondaryAddress { info?.namedPipe = secondaryAddress }
    }

    mutating func respond(context: UInt16, at now: Timestamp, flow: FlowRef) -> DCERPCCallEvent? {
        let opnum = opnums[context] ?? 0
        beginEvent(at: now)
        guard var i = info else { return nil }
        // A pipe named without its bind seen stands for the interface usually behind it.
        if i.endpoint == nil, let pipe = i.namedPipe, let uuid = DCERPCNames.pipeInterfaces[Self.normalisedPipe(pipe)] {
            boundInterface = uuid
        }
        if i.endpoint != nil, let bound = boundInterface {
            i.operation = DCERPCNames.operation(bound, opnum)
            if i.ts != now { i.rtt = now.nanoseconds - i.ts.nanoseconds }
        }
        if let interface = contexts[context] {
            i.endpoint = DCERPCNames.endpoint(interface)
            i.operation = DCERPCNames.operation(interface, opnum)
        }
        info = i
        live = false
        return Self.row(i, flow: flow)
    }

    /// The connection ended: Zeek's removal hook writes the record still held, if it names an
    /// interface and an operation (from an earlier call: a request alone sets no operation).
    mutating func finish(flow: FlowRef) -> DCERPCCallEvent? {
        guard live, let i = info else { return nil }
        live = false
        return Self.row(i, flow: flow)
    }

    /// The record as a dce_rpc.log row, unless it lacks an interface or an operation, or the
    /// operation is one Zeek leaves out.
    static func row(_ i: Info, flow: FlowRef) -> DCERPCCallEvent? {
        guard let endpoint = i.endpoint, let operation = i.operation else { return nil }
        if DCERPCNames.ignoredOperations[endpoint]?.contains(operation) == true { return nil }
        return DCERPCCallEvent(ts: i.ts, flow: flow, rtt: i.rtt, namedPipe: i.namedPipe, endpoint: endpoint, operation: operation)
    }

    /// Zeek's normalize_named_pipe_name: what follows `\PIPE\`, lower-cased.
    static func normalisedPipe(_ name: String) -> String {
        let lower = name.lowercased()
        guard let r = lower.range(of: "\\pipe\\") else { return lower }
        return String(lower[r.upperBound...])
    }
}
