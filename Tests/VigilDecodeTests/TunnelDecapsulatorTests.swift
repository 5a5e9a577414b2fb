import Testing
import VigilCore

@testable import VigilDecode

/// The tunnel headers the sample capture (tests in VigilSensorTests) does not hold: broken GRE
/// headers with Zeek's weird names, PPTP's enhanced GRE, Teredo's optional headers, and UDP
/// datagrams on a tunnel's port that are not that tunnel.
@Suite struct TunnelDecapsulatorTests {
    /// A minimal IPv4 header (20 bytes) with `payloadLength` bytes after it.
    static let ipv4: [UInt8] = [0x45, 0, 0, 20, 0, 0, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]
    /// A minimal IPv6 header with an 8-byte payload.
    static let ipv6: [UInt8] = [0x60, 0, 0, 0, 0, 8, 59, 64] + [UInt8](repeating: 0, count: 32) + [UInt8](repeating: 0xEE, count: 8)

    static func gre(_ b: [UInt8]) -> Decapsulation { b.withUnsafeBytes { TunnelDecapsulator.gre($0) } }
    static func udp(_ b: [UInt8], port: UInt16) -> Decapsulation { b.withUnsafeBytes { TunnelDecapsulator.udp($0, respPort: port) } }

    static func weird(_ d: Decapsulation) -> String? {
        if case .malformed(let name) = d { return name }
        return nil
    }

    /// The inner frame's type, link type and first byte, or nil when none was found.
    static func inner(_ d: Decapsulation) -> (TunnelType, UInt32, Int, UInt8)? {
        if case .inner(let f) = d { return (f.type, f.linkType, f.frame.count, f.frame.first ?? 0) }
        return nil
    }

    @Test func brokenGREHeadersGetZeeksWeirds() {
        #expect(Self.weird(Self.gre([0, 0, 8])) == "truncated_GRE")
        #expect(Self.weird(Self.gre([0x00, 0x02, 0x08, 0x00] + Self.ipv4)) == "unknown_gre_version")
        #expect(Self.weird(Self.gre([0x40, 0x00, 0x08, 0x00] + Self.ipv4)) == "gre_routing")
        #expect(Self.weird(Self.gre([0x00, 0x08, 0x08, 0x00] + Self.ipv4)) == "unknown_gre_flags")
        // Key present but the header ends before it.
        #expect(Self.weird(Self.gre([0x20, 0x00, 0x08, 0x00, 0, 0])) == "truncated_GRE")
        // Ethernet bridging with less than an Ethernet header after GRE.
        #expect(Self.weird(Self.gre([0x00, 0x00, 0x65, 0x58] + [UInt8](repeating: 0, count: 14))) == "truncated_GRE")
        // Enhanced GRE (version 1) carries PPP only, and PPP carrying IP only.
        #expect(Self.weird(Self.gre([0x20, 0x01, 0x08, 0x00, 0, 0, 0, 0] + Self.ipv4)) == "egre_protocol_type")
        #expect(Self.weird(Self.gre([0x20, 0x01, 0x88, 0x0B, 0, 0, 0, 0, 0xFF, 0x03, 0xC0, 0x21] + Self.ipv4)) == "non_ip_packet_in_encap")
    }

    @Test func greFindsThePacketAfterItsOptionalFields() {
        // Checksum, key and sequence number: 16 bytes of header before the IPv4 packet.
        let full: [UInt8] = [0xB0, 0x00, 0x08, 0x00] + [UInt8](repeating: 0, count: 12) + Self.ipv4
        #expect(Self.inner(Self.gre(full)).map { "\($0)" } == "\((TunnelType.gre, UInt32(101), 20, UInt8(0x45)))")
        // PPTP: key and sequence number, then PPP (FF 03 00 21) and IPv4.
        let pptp: [UInt8] = [0x30, 0x01, 0x88, 0x0B, 0, 20, 0, 1, 0, 0, 0, 1, 0xFF, 0x03, 0x00, 0x21] + Self.ipv4
        #expect(Self.inner(Self.gre(pptp)).map { "\($0)" } == "\((TunnelType.gre, UInt32(101), 20, UInt8(0x45)))")
        // ERSPAN III with its platform-specific subheader (O bit): 12 + 8 bytes, then Ethernet.
        var erspan3: [UInt8] = [0x10, 0x00, 0x22, 0xEB, 0, 0, 0, 1] + [UInt8](repeating: 0, count: 12)
        erspan3[8 + 11] = 0x01
        erspan3 += [UInt8](repeating: 0x77, count: 8) + [0xAA] + [UInt8](repeating: 0, count: 13) + Self.ipv4
        #expect(Self.inner(Self.gre(erspan3)).map { "\($0)" } == "\((TunnelType.gre, UInt32(1), 34, UInt8(0xAA)))")
        // MPLS in GRE is not followed.
        #expect(Self.inner(Self.gre([0x00, 0x00, 0x88, 0x47, 0, 0, 0x11, 0xFF] + Self.ipv4)) == nil)
        #expect(Self.weird(Self.gre([0x00, 0x00, 0x88, 0x47, 0, 0, 0x11, 0xFF] + Self.ipv4)) == nil)
    }

    @Test func teredoSkipsItsAuthenticationAndOriginHeaders() {
        // Authentication with a 2-byte client id and a 3-byte value, then an origin indication.
        let auth: [UInt8] = [0x00, 0x01, 2, 3, 0xC1, 0xC2, 0xA1, 0xA2, 0xA3] + [UInt8](repeating: 0, count: 9)
        let origin: [UInt8] = [0x00, 0x00, 0xF0, 0x0F, 0xC0, 0x00, 0x02, 0x01]
        #expect(
            Self.inner(Self.udp(auth + origin + Self.ipv6, port: 3544)).map { "\($0)" }
                == "\((TunnelType.teredo, UInt32(101), 48, UInt8(0x60)))")
        #expect(Self.inner(Self.udp(Self.ipv6, port: 3544)) != nil)
        // Not one whole IPv6 packet: not Teredo, and nothing to report.
        #expect(Self.inner(Self.udp(Self.ipv6 + [0], port: 3544)) == nil)
        #expect(Self.inner(Self.udp(Self.ipv4 + [UInt8](repeating: 0, count: 28), port: 3544)) == nil)
        #expect(Self.weird(Self.udp(Self.ipv6 + [0], port: 3544)) == nil)
    }

    @Test func udpTunnelsNeedTheirOwnHeaders() {
        // GENEVE version 1 does not exist yet (RFC 8926 §3.4): not GENEVE.
        let geneveV1: [UInt8] = [0x40, 0, 0x65, 0x58, 0, 0, 42, 0] + [UInt8](repeating: 0, count: 14)
        #expect(Self.inner(Self.udp(geneveV1, port: 6081)) == nil)
        // GENEVE carrying IPv4 directly, after two words of options.
        let geneveIP: [UInt8] = [0x02, 0, 0x08, 0x00, 0, 0, 42, 0] + [UInt8](repeating: 0, count: 8) + Self.ipv4
        #expect(Self.inner(Self.udp(geneveIP, port: 6081)).map { "\($0)" } == "\((TunnelType.geneve, UInt32(101), 20, UInt8(0x45)))")
        // VXLAN: 8 bytes of header, then Ethernet; a datagram with nothing after it is not VXLAN.
        #expect(Self.inner(Self.udp([0x08, 0, 0, 0, 0, 0, 42, 0], port: 4789)) == nil)
        #expect(
            Self.inner(Self.udp([0x08, 0, 0, 0, 0, 0, 42, 0, 0xAB], port: 4789)).map { "\($0)" }
                == "\((TunnelType.vxlan, UInt32(1), 1, UInt8(0xAB)))")
        // Another port: not looked at.
        #expect(Self.inner(Self.udp([0x08, 0, 0, 0, 0, 0, 42, 0, 0xAB], port: 4790)) == nil)
    }

    @Test func gtpUserPlaneCarriesPacketsOnlyInGPDUs() {
        // Version 1, GTP, no optional fields: 8 bytes, then IPv4.
        let short: [UInt8] = [0x30, 0xFF, 0, 20, 0, 0, 0x42, 0x42] + Self.ipv4
        #expect(Self.inner(Self.udp(short, port: 2152)).map { "\($0)" } == "\((TunnelType.gtpv1, UInt32(101), 20, UInt8(0x45)))")
        // E flag: sequence, N-PDU and a next-extension type, then one extension header of one
        // word (a PDU session container, type 0x85) ending the chain, then IPv6.
        let extended: [UInt8] = [0x34, 0xFF, 0, 56, 0, 0, 0x42, 0x42, 0, 1, 0, 0x85] + [1, 0x10, 0x09, 0] + Self.ipv6
        #expect(Self.inner(Self.udp(extended, port: 2152)).map { "\($0)" } == "\((TunnelType.gtpv1, UInt32(101), 48, UInt8(0x60)))")
        // An extension header running past the datagram, an echo request, GTP version 2, and a
        // G-PDU carrying no IP packet: none is a tunnel.
        #expect(Self.inner(Self.udp([0x34, 0xFF, 0, 8, 0, 0, 0, 1, 0, 1, 0, 0x85, 4, 0], port: 2152)) == nil)
        #expect(Self.inner(Self.udp([0x32, 0x01, 0, 4, 0, 0, 0, 0, 0, 1, 0, 0], port: 2152)) == nil)
        #expect(Self.inner(Self.udp([0x48, 0xFF, 0, 20, 0, 0, 0x42, 0x42] + Self.ipv4, port: 2152)) == nil)
        #expect(Self.inner(Self.udp([0x30, 0xFF, 0, 4, 0, 0, 0x42, 0x42, 0x12, 0x34, 0x56, 0x78], port: 2152)) == nil)
    }
}
