import VigilCore
import VigilEvents
import VigilLogs

/// Receives what analyzers produce.
public protocol EventSink: AnyObject {
    /// Takes the event (`consuming`): analyzers build each one to hand it over, so the sink
    /// can take its payload apart without copying it.
    func emit(_ event: consuming SensorEvent)
    /// A log row built in place (`LogRow`); sinks that keep events get it as `.log`.
    func log(_ schema: LogSchema, _ build: (inout LogRow) -> Void)
}

extension EventSink {
    public func log(_ schema: LogSchema, _ build: (inout LogRow) -> Void) {
        var row = LogRow(valuesOf: schema)
        build(&row)
        emit(.log(row.record))
    }
}

/// What an analyzer knows about the flow it is parsing, refreshed for each delivery.
public struct FlowContext {
    public var uid: String
    public var id: ConnectionID
    public var ts: Timestamp
    public let sink: EventSink
    public let limits: Limits
    /// State that spans flows (DHCP exchanges cross several 5-tuples).
    public let shared: SharedProtocolState
    /// The flow's uid and conn_id as log text, encoded once per flow.
    public let fieldText: ConnectionFieldText
    /// The flow as events name it.
    public var flow: FlowRef { FlowRef(uid: uid, id: id) }

    public init(
        uid: String, id: ConnectionID, ts: Timestamp, sink: EventSink, limits: Limits, shared: SharedProtocolState,
        fieldText: ConnectionFieldText? = nil
    ) {
        self.uid = uid
        self.id = id
        self.ts = ts
        self.sink = sink
        self.limits = limits
        self.shared = shared
        self.fieldText = fieldText ?? ConnectionFieldText(uid: uid, id: id)
    }

    public func log(_ r: LogRecord) { sink.emit(.log(r)) }

    /// A row of this flow stamped `t` (default now): the connection fields, then what
    /// `fields` adds.
    public func log(_ schema: LogSchema, at t: Timestamp? = nil, _ fields: (inout LogRow) -> Void) {
        sink.log(schema) { row in
            row.connection(ts: t ?? ts, fieldText)
            fields(&row)
        }
    }

    /// The same with the rest of the row given as values: for rows written once per session
    /// or exchange, where one array per row costs nothing that matters.
    public func log(_ schema: LogSchema, at t: Timestamp? = nil, values: [LogValue]) {
        log(schema, at: t) { $0.add(contentsOf: values) }
    }

    public func log(_ schema: LogSchema, isOrig: Bool, values: [LogValue]) {
        log(schema, isOrig: isOrig) { $0.add(contentsOf: values) }
    }

    /// An ICSNPP row of this flow: the connection fields, the direction block of a message
    /// from the originator (`isOrig`) or the responder, then what `fields` adds.
    public func log(_ schema: LogSchema, isOrig: Bool, _ fields: (inout LogRow) -> Void) {
        sink.log(schema) { row in
            row.directional(ts: ts, fieldText, isOrig: isOrig)
            fields(&row)
        }
    }

    public func weird(_ name: String, _ addl: String? = nil, source: String) {
        sink.emit(.weird(Weird(ts: ts, uid: uid, id: id, name: name, addl: addl, source: source)))
    }

    /// Reports a flow's decoded-message count (statistics, peer agreement) and clears it, so
    /// a second finish reports nothing.
    public func reportMessages(service: String, count: inout Int) {
        guard count > 0 else { return }
        sink.emit(.messages(service: service, count: count))
        count = 0
    }

    /// The address of the endpoint that sent (isOrig) or received a message.
    public func host(isOrig: Bool) -> IPAddress { isOrig ? id.origHost : id.respHost }
}
