import VigilCore
import VigilEvents

/// Receives what analyzers produce.
public protocol EventSink: AnyObject {
    /// Takes the event (`consuming`): analyzers build each one to hand it over, so the sink
    /// can take its payload apart without copying it.
    func emit(_ event: consuming SensorEvent)
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
    /// Sides whose analysis a limit cut short, for conn.log's history.
    public let partial: PartialAnalysis
    /// The flow as events name it.
    public var flow: FlowRef { FlowRef(uid: uid, id: id) }

    public init(
        uid: String, id: ConnectionID, ts: Timestamp, sink: EventSink, limits: Limits, shared: SharedProtocolState,
        partial: PartialAnalysis = PartialAnalysis()
    ) {
        self.uid = uid
        self.id = id
        self.ts = ts
        self.sink = sink
        self.limits = limits
        self.shared = shared
        self.partial = partial
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
