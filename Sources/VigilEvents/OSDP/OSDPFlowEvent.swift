import VigilCore

/// An OSDP packet carried over TCP, or an alert the OSDP monitor raised on that connection:
/// the monitor's own `packet` or `alert` event (docs/OSDP.md lists their fields), placed in
/// its flow.
public struct OSDPFlowEvent: Sendable {
    public var ts: Timestamp
    public var flow: FlowRef
    /// Sent by the connection's originator.
    public var isOrig: Bool
    public var event: OSDPEvent

    public init(ts: Timestamp, flow: FlowRef, isOrig: Bool, event: OSDPEvent) {
        self.ts = ts
        self.flow = flow
        self.isOrig = isOrig
        self.event = event
    }
}
