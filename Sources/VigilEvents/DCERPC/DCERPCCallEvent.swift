import VigilCore

/// One DCE/RPC call answered (a dce_rpc.log row, base/protocols/dce-rpc/main.zeek): the
/// interface and operation by Zeek's names, and the time from request to response.
public struct DCERPCCallEvent: Sendable {
    /// When the request was seen (the first event of the binding when no request was).
    public var ts: Timestamp
    public var flow: FlowRef
    /// Nanoseconds from the request to its response; nil when both came at the same moment
    /// or no request was seen.
    public var rtt: Int64?
    /// The bind_ack's secondary address: the server's port over TCP, a pipe over SMB.
    public var namedPipe: String?
    /// The interface (`svcctl`, `epmapper`…) or `unknown-UUID`.
    public var endpoint: String
    /// The operation (`CreateServiceW`…) or `unknown-OPNUM`.
    public var operation: String

    public init(ts: Timestamp, flow: FlowRef, rtt: Int64?, namedPipe: String?, endpoint: String, operation: String) {
        self.ts = ts
        self.flow = flow
        self.rtt = rtt
        self.namedPipe = namedPipe
        self.endpoint = endpoint
        self.operation = operation
    }
}
