import VigilCore

/// Per-flow protocol state. The sensor feeds it in-order bytes (TCP) or datagrams (UDP).
public protocol ProtocolAnalyzer: AnyObject {
    /// In-order stream bytes from one direction (TCP), or one whole datagram (UDP).
    func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext)
    /// A hole of `length` bytes in one direction's stream: framing must resynchronise.
    func gap(length: Int, isOrig: Bool, context: FlowContext)
    /// The flow ended: flush pending transactions.
    func finish(context: FlowContext)
    /// One direction of a TCP stream closed (FIN or RST), after its last bytes were delivered:
    /// what that side was sending has ended, though the connection is not over.
    func endOfData(isOrig: Bool, context: FlowContext)
    /// Services found inside the flow beyond the descriptor's (S7comm or S7comm-plus over
    /// COTP), added to conn.log's service field when the flow ends.
    var detectedServices: [String] { get }
    /// The service to take off conn.log's list because the flow broke the protocol after it
    /// was recognised (Zeek removes an analyzer's service on a protocol violation).
    var violatedService: String? { get }
}

extension ProtocolAnalyzer {
    public func gap(length: Int, isOrig: Bool, context: FlowContext) {}
    public func endOfData(isOrig: Bool, context: FlowContext) {}
    public var detectedServices: [String] { [] }
    public var violatedService: String? { nil }
}

/// How a protocol is recognised and built: the registry holds one per protocol.
public struct AnalyzerDescriptor: Sendable {
    /// The name in conn.log's service field (Zeek's analyzer name).
    public var service: String
    public var transports: Set<TransportProtocol>
    /// Ports where servers of this protocol usually listen: a hint for direction, never a
    /// requirement (content decides).
    public var serverPorts: Set<UInt16>
    /// True when the first bytes seen in a direction are this protocol.
    public var confirms: @Sendable (_ firstBytes: UnsafeRawBufferPointer, _ isOrig: Bool, _ id: ConnectionID) -> Bool
    public var make: @Sendable () -> ProtocolAnalyzer

    public init(
        service: String, transports: Set<TransportProtocol>, serverPorts: Set<UInt16>,
        confirms: @escaping @Sendable (UnsafeRawBufferPointer, Bool, ConnectionID) -> Bool,
        make: @escaping @Sendable () -> ProtocolAnalyzer
    ) {
        self.service = service
        self.transports = transports
        self.serverPorts = serverPorts
        self.confirms = confirms
        self.make = make
    }
}
