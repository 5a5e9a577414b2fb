/// The transport protocols a flow can carry, with the names Zeek's conn.log uses.
public enum TransportProtocol: UInt8, Hashable, Sendable {
    case tcp = 6
    case udp = 17
    case icmp = 1
    case icmp6 = 58
    case other = 255

    public var zeekName: LogName {
        switch self {
        case .tcp: return "tcp"
        case .udp: return "udp"
        case .icmp, .icmp6: return "icmp"
        case .other: return "unknown_transport"
        }
    }
}

/// Zeek's `conn_id`: originator and responder address and port.
public struct ConnectionID: Hashable, Sendable {
    public var origHost: IPAddress
    public var origPort: UInt16
    public var respHost: IPAddress
    public var respPort: UInt16
    public var proto: TransportProtocol

    public init(origHost: IPAddress, origPort: UInt16, respHost: IPAddress, respPort: UInt16, proto: TransportProtocol) {
        self.origHost = origHost
        self.origPort = origPort
        self.respHost = respHost
        self.respPort = respPort
        self.proto = proto
    }

    public var flipped: ConnectionID {
        ConnectionID(origHost: respHost, origPort: respPort, respHost: origHost, respPort: origPort, proto: proto)
    }
}
