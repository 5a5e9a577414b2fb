/// The kinds of tunnel Vigil looks inside, with the names Zeek's tunnel.log gives them
/// (Zeek's `Tunnel::Type`).
public enum TunnelType: UInt8, Hashable, Sendable {
    /// IPv4 or IPv6 carried straight in IP (IP protocol 4 or 41; RFC 2003, RFC 4213).
    case ip
    /// Generic Routing Encapsulation (IP protocol 47; RFC 2784, RFC 2890), including
    /// transparent Ethernet bridging, ERSPAN types II and III, and PPTP's enhanced GRE.
    case gre
    /// VXLAN (UDP 4789; RFC 7348).
    case vxlan
    /// GENEVE (UDP 6081; RFC 8926).
    case geneve
    /// Teredo (UDP 3544; RFC 4380).
    case teredo
    /// GTP-U, GTP version 1's user plane (UDP 2152; 3GPP TS 29.281): cellular routers and
    /// gateways carrying their devices' traffic.
    case gtpv1
    /// An HTTP proxy's CONNECT tunnel (RFC 9110 §9.3.6), read inside its TCP connection.
    case http

    /// Zeek's enum name, as tunnel.log writes it.
    public var zeekName: LogName {
        switch self {
        case .ip: return "Tunnel::IP"
        case .gre: return "Tunnel::GRE"
        case .vxlan: return "Tunnel::VXLAN"
        case .geneve: return "Tunnel::GENEVE"
        case .teredo: return "Tunnel::TEREDO"
        case .gtpv1: return "Tunnel::GTPv1"
        case .http: return "Tunnel::HTTP"
        }
    }

    /// The service conn.log gives the carrying UDP connection; IP tunnels have no connection.
    public var service: String? {
        switch self {
        case .ip, .gre, .http: return nil
        case .vxlan: return "vxlan"
        case .geneve: return "geneve"
        case .teredo: return "teredo"
        case .gtpv1: return "gtpv1"
        }
    }
}
