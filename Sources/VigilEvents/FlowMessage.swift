import VigilCore

/// One message of a connection's protocol, as the OT analyzers report them: when, on which
/// connection, from which side, and the protocol's own decoded value (`S7EventKind`,
/// `ENIPEventKind`, `DNP3EventKind`, `BACnetEventKind`, the OSDP monitor's `OSDPEvent`).
public struct FlowMessage<Message: Sendable>: Sendable {
    public var ts: Timestamp
    public var flow: FlowRef
    /// Sent by the connection's originator.
    public var isOrig: Bool
    public var message: Message

    public init(ts: Timestamp, flow: FlowRef, isOrig: Bool, message: Message) {
        self.ts = ts
        self.flow = flow
        self.isOrig = isOrig
        self.message = message
    }
}
