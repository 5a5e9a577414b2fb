import VigilCore
import VigilLogs

/// Receives what analyzers produce.
public protocol EventSink: AnyObject {
    func emit(_ event: SensorEvent)
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

    /// A row of this flow stamped now: the connection fields, then what `fields` adds.
    public func log(_ schema: LogSchema, _ fields: (inout LogRow) -> Void) {
        sink.log(schema) { row in
            row.connection(ts: ts, fieldText)
            fields(&row)
        }
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

    /// The leading ts/uid/id values of a row in this flow.
    public var rowPrefix: [LogValue] { LogRecord.connectionValues(ts: ts, uid: uid, id: id) }

    public func rowPrefix(at t: Timestamp) -> [LogValue] { LogRecord.connectionValues(ts: t, uid: uid, id: id) }

    /// The leading values of an ICSNPP row: connection fields, is_orig, source and destination.
    /// Like `rowPrefix` it has room for the row's own fields, so the caller's `+` appends in
    /// place (one array per row, not three: a cost in bench/run.sh's profile).
    public func directionalPrefix(isOrig: Bool) -> [LogValue] {
        var values = rowPrefix
        values.append(.bool(isOrig))
        values.append(.addr(isOrig ? id.origHost : id.respHost))
        values.append(.port(isOrig ? id.origPort : id.respPort))
        values.append(.addr(isOrig ? id.respHost : id.origHost))
        values.append(.port(isOrig ? id.respPort : id.origPort))
        return values
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
