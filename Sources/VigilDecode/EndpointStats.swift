import VigilCore

/// What one side of a connection did: counts for conn.log plus its TCP stream state.
public struct EndpointStats {
    public var packets = 0
    public var ipBytes = 0
    /// UDP/ICMP: payload bytes summed. TCP uses the sequence span instead (see `tcpSize`).
    public var payloadBytes = 0
    public var mac: MACAddress?
    public var tcpState = TCPEndpointState.inactive
    /// This side reset after its own FIN: if the peer then closes too, the connection ended
    /// normally after all (Zeek's `prev_state == TCP_ENDPOINT_CLOSED`).
    public var resetAfterFIN = false
    /// First sequence number of data (ISN + 1 when the SYN was seen).
    public var startSeq: UInt32?
    /// One past the highest data byte seen, relative to `startSeq`.
    public var highestEnd = 0
    public var finSeen = false
    public var retransmissions = 0
    public var zeroWindows = 0
    public var stream: TCPStreamReassembler

    public init(limits: Limits) { stream = TCPStreamReassembler(limits: limits) }

    /// Zeek's TCP endpoint size: the span of sequence space used, less the FIN's one number.
    public var tcpSize: Int { max(0, highestEnd - (finSeen ? 1 : 0)) }

    /// A forward jump larger than this is a bogus sequence number, not data (Zeek likewise
    /// ignores implausible jumps when sizing); 1 GiB is beyond any single flight of data.
    static let maxSequenceJump = 1 << 30
}
