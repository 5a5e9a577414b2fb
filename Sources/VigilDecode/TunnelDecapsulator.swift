import VigilCore

/// Finds the frame inside a tunnelled packet, as Zeek's packet analysers for IP-in-IP, GRE,
/// VXLAN, GENEVE, Teredo and GTP-U do, so that a sensor fed by a remote SPAN (ERSPAN, VXLAN) or
/// watching a site-to-site tunnel sees the traffic inside. Pure: reads the decoded outer
/// packet's payload and returns a slice of it.
public enum TunnelDecapsulator {
    /// How many tunnels deep Vigil looks (Zeek's `Tunnel::max_depth`): a packet inside more
    /// is counted as its outer packet only, with the weird `exceeded_tunnel_max_depth`.
    public static let maxDepth = 2

    public static let vxlanPort: UInt16 = 4789
    public static let genevePort: UInt16 = 6081
    public static let teredoPort: UInt16 = 3544
    public static let gtpUserPort: UInt16 = 2152

    /// Whether a UDP connection whose responder listens on `port` may carry a tunnel. Zeek
    /// decides by the responder's port only, after its direction heuristics.
    @inline(__always) public static func isTunnelPort(_ port: UInt16) -> Bool {
        port == vxlanPort || port == genevePort || port == teredoPort || port == gtpUserPort
    }

    /// A packet whose IP protocol is not TCP, UDP or ICMP: IPv4 or IPv6 in IP, or GRE.
    public static func ip(_ p: DecodedPacket) -> Decapsulation {
        switch p.ipProtocol {
        case 4, 41: return .inner(EncapsulatedFrame(type: .ip, linkType: 101, frame: p.payload))
        case 47: return gre(p.payload)
        default: return .notTunnel
        }
    }

    /// A UDP datagram of a connection whose responder port is `respPort`.
    public static func udp(_ payload: UnsafeRawBufferPointer, respPort: UInt16) -> Decapsulation {
        switch respPort {
        case vxlanPort: return vxlan(payload)
        case genevePort: return geneve(payload)
        case teredoPort: return teredo(payload)
        case gtpUserPort: return gtpUser(payload)
        default: return .notTunnel
        }
    }

    // MARK: GRE

    /// GRE (RFC 2784 with RFC 2890's key and sequence number; RFC 2637 §4.1's enhanced GRE for
    /// PPTP), with the payloads Zeek's GRE analyser follows: IPv4, IPv6, transparent Ethernet
    /// bridging (0x6558), ERSPAN type I/II (0x88BE) and type III (0x22EB).
    static func gre(_ b: UnsafeRawBufferPointer) -> Decapsulation {
        guard b.count >= 4 else { return .malformed("truncated_GRE") }
        let flags = ByteReader.u16(b, 0)
        let protocolType = ByteReader.u16(b, 2)
        let version = flags & 0x0007
        let headerLength = greHeaderLength(flags: flags)
        var linkType: UInt32 = 101
        var ethernetLength = 0
        var erspanLength = 0
        var pppLength = 0
        switch version {
        case 0:
            switch protocolType {
            case 0x0800, 0x86DD:
                break
            case 0x6558:
                guard b.count > headerLength + 14 else { return .malformed("truncated_GRE") }
                (linkType, ethernetLength) = (1, 14)
            case 0x88BE:
                // ERSPAN type I has no header of its own; type II (sequence number present) has
                // 8 bytes.
                guard b.count > headerLength + 14 else { return .malformed("truncated_GRE") }
                (linkType, ethernetLength) = (1, 14)
                if flags & 0x1000 != 0 { erspanLength = 8 }
            case 0x22EB:
                // ERSPAN type III: 12 bytes, then 8 more when the last byte's O bit says a
                // platform-specific subheader follows.
                guard b.count > headerLength + 14 + 12 else { return .malformed("truncated_GRE") }
                (linkType, ethernetLength, erspanLength) = (1, 14, 12)
                if b[headerLength + 11] & 0x01 != 0 {
                    guard b.count > headerLength + 12 + 8 + 14 else { return .malformed("truncated_GRE") }
                    erspanLength += 8
                }
            default:
                // MPLS, Aruba's 802.11, …: not followed.
                return .notTunnel
            }
        case 1:
            // Enhanced GRE carries PPP only (RFC 2637 §4.1), behind a 4-byte PPP header.
            guard protocolType == 0x880B else { return .malformed("egre_protocol_type") }
            pppLength = 4
        default:
            return .malformed("unknown_gre_version")
        }
        // RFC 2784 deprecates RFC 1701's routing field; the low flag bits are reserved.
        if flags & 0x4000 != 0 { return .malformed("gre_routing") }
        if flags & 0x0078 != 0 { return .malformed("unknown_gre_flags") }
        guard b.count >= headerLength + pppLength + ethernetLength + erspanLength else { return .malformed("truncated_GRE") }
        if version == 1 {
            // PPP protocol 0x0021 is IPv4, 0x0057 IPv6 (RFC 1332, RFC 5072).
            let pppProtocol = ByteReader.u16(b, headerLength + 2)
            guard pppProtocol == 0x0021 || pppProtocol == 0x0057 else { return .malformed("non_ip_packet_in_encap") }
        }
        let start = headerLength + pppLength + erspanLength
        return .inner(EncapsulatedFrame(type: .gre, linkType: linkType, frame: UnsafeRawBufferPointer(rebasing: b[start...])))
    }

    /// The GRE header's length from its flags: 4 bytes, plus 4 for each of checksum (C),
    /// key (K), sequence number (S) and, in enhanced GRE, acknowledgment number (A).
    static func greHeaderLength(flags: UInt16) -> Int {
        var n = 4
        if flags & 0x8000 != 0 { n += 4 }
        if flags & 0x2000 != 0 { n += 4 }
        if flags & 0x1000 != 0 { n += 4 }
        if flags & 0x0080 != 0 { n += 4 }
        return n
    }

    // MARK: UDP tunnels

    /// VXLAN (RFC 7348 §5): an 8-byte header, then an Ethernet frame.
    static func vxlan(_ b: UnsafeRawBufferPointer) -> Decapsulation {
        guard b.count > 8 else { return .notTunnel }
        return .inner(EncapsulatedFrame(type: .vxlan, linkType: 1, frame: UnsafeRawBufferPointer(rebasing: b[8...])))
    }

    /// GENEVE (RFC 8926 §3.4): version 0, an 8-byte header and options of 4-byte words, then
    /// the frame its protocol type names (Ethernet, IPv4 or IPv6).
    static func geneve(_ b: UnsafeRawBufferPointer) -> Decapsulation {
        guard b.count >= 8, b[0] >> 6 == 0 else { return .notTunnel }
        let start = 8 + Int(b[0] & 0x3F) * 4
        guard b.count > start else { return .notTunnel }
        let linkType: UInt32
        switch ByteReader.u16(b, 2) {
        case 0x6558: linkType = 1
        case 0x0800, 0x86DD: linkType = 101
        default: return .notTunnel
        }
        return .inner(EncapsulatedFrame(type: .geneve, linkType: linkType, frame: UnsafeRawBufferPointer(rebasing: b[start...])))
    }

    /// GTP-U (3GPP TS 29.281 §5): version 1 with the protocol type bit set, a G-PDU (message
    /// type 255) whose payload is an IPv4 or IPv6 packet. When any of the E, S and PN flags is
    /// set the header has 4 more bytes, and each extension header (§5.2) its length in 4-byte
    /// words, its last byte naming the next one (0: no more). Other messages (echo, error
    /// indication, end marker) carry no packet.
    static func gtpUser(_ b: UnsafeRawBufferPointer) -> Decapsulation {
        guard b.count >= 8, b[0] >> 5 == 1, b[0] & 0x10 != 0, b[1] == 0xFF else { return .notTunnel }
        var o = 8
        if b[0] & 0x07 != 0 {
            guard b.count >= 12 else { return .notTunnel }
            var next = b[11]
            o = 12
            while next != 0 {
                guard b.count > o, b[o] > 0 else { return .notTunnel }
                let length = Int(b[o]) * 4
                guard b.count >= o + length else { return .notTunnel }
                next = b[o + length - 1]
                o += length
            }
        }
        guard b.count > o, b[o] >> 4 == 4 || b[o] >> 4 == 6 else { return .notTunnel }
        return .inner(EncapsulatedFrame(type: .gtpv1, linkType: 101, frame: UnsafeRawBufferPointer(rebasing: b[o...])))
    }

    /// Teredo (RFC 4380 §5.1.1): an IPv6 packet, after an optional authentication indicator
    /// (type 0x0001) and an optional origin indication (type 0x0000, 8 bytes), in that order.
    /// A datagram that does not hold exactly one whole IPv6 packet is not Teredo.
    static func teredo(_ b: UnsafeRawBufferPointer) -> Decapsulation {
        var o = 0
        if b.count >= 4, ByteReader.u16(b, 0) == 0x0001 {
            // Client identifier and authentication value of the lengths given, an 8-byte
            // nonce and a confirmation byte.
            o = 4 + Int(b[2]) + Int(b[3]) + 9
        }
        if b.count >= o + 2, ByteReader.u16(b, o) == 0x0000 { o += 8 }
        guard b.count >= o + 40, b[o] >> 4 == 6, o + 40 + Int(ByteReader.u16(b, o + 4)) == b.count else { return .notTunnel }
        return .inner(EncapsulatedFrame(type: .teredo, linkType: 101, frame: UnsafeRawBufferPointer(rebasing: b[o...])))
    }
}
