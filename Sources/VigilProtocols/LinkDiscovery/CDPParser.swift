import VigilCore
import VigilEvents

/// Reads a CDP packet (Cisco Discovery Protocol, versions 1 and 2): a version, TTL and
/// checksum, then TLVs with a 2-byte type and a 2-byte length that counts the 4-byte header.
/// Vigil keeps the Device ID, addresses, Port ID, capabilities, software version and platform.
public enum CDPParser {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// Shorter than the 4-byte header, or a version other than 1 or 2.
        case badHeader
        /// A TLV's length is under 4 or runs past the packet (`offset`: the TLV's first byte).
        case truncatedTLV(offset: Int)

        public var description: String {
            switch self {
            case .badHeader: "not a CDP version 1 or 2 header"
            case .truncatedTLV(let offset): "the TLV at byte \(offset) is shorter than its header or runs past the packet"
            }
        }
    }

    /// CDP capability bits (0x01 upwards).
    static let capabilityNames = [
        "router", "bridge", "source_route_bridge", "switch", "host", "igmp", "repeater", "telephone", "remotely_managed",
        "cvta", "two_port_mac_relay",
    ]

    /// The announcement in `b` (the packet after its SNAP header). What was read before a fault
    /// is kept in the result; the fault is returned beside it.
    public static func parse(_ b: UnsafeRawBufferPointer, into a: inout DeviceAnnouncement) -> Failure? {
        guard b.count >= 4, b[0] == 1 || b[0] == 2 else { return .badHeader }
        var o = 4
        while o + 4 <= b.count {
            let type = ByteReader.u16(b, o)
            let length = Int(ByteReader.u16(b, o + 2))
            guard length >= 4, o + length <= b.count else { return .truncatedTLV(offset: o) }
            let v = UnsafeRawBufferPointer(rebasing: b[(o + 4)..<(o + length)])
            switch type {
            case 0x0001:
                a.systemName = LLDPParser.text(v)
                a.chassisID = a.systemName
            case 0x0002, 0x0016: a.managementAddresses += addresses(v).filter { !a.managementAddresses.contains($0) }
            case 0x0003: a.portID = LLDPParser.text(v)
            case 0x0004 where v.count >= 4:
                let bits = ByteReader.u32(v, 0)
                a.capabilities = capabilityNames.indices.filter { bits & (1 << $0) != 0 }.map { capabilityNames[$0] }
            case 0x0005: a.softwareVersion = LLDPParser.text(v)
            case 0x0006: a.platform = LLDPParser.text(v)
            default: break
            }
            o += length
        }
        return nil
    }

    /// An address list: a 4-byte count, then per address a protocol type (1 NLPID, 2 802.2),
    /// the protocol's length and bytes (NLPID 0xCC for IPv4; an 802.2 SNAP header ending in
    /// EtherType 0x86DD for IPv6), a 2-byte address length and the address.
    static func addresses(_ v: UnsafeRawBufferPointer) -> [IPAddress] {
        guard v.count >= 4 else { return [] }
        let count = ByteReader.u32(v, 0)
        var out: [IPAddress] = []
        var o = 4
        for _ in 0..<min(count, 64) {
            guard o + 2 <= v.count else { break }
            let protocolLength = Int(v[o + 1])
            let at = o + 2 + protocolLength
            guard at + 2 <= v.count else { break }
            let proto = UnsafeRawBufferPointer(rebasing: v[(o + 2)..<at])
            let length = Int(ByteReader.u16(v, at))
            guard at + 2 + length <= v.count else { break }
            if v[o] == 1, proto.count == 1, proto[0] == 0xCC, length == 4 {
                out.append(.v4(v, at: at + 2))
            } else if v[o] == 2, proto.count == 8, ByteReader.u16(proto, 6) == 0x86DD, length == 16 {
                out.append(.v6(v, at: at + 2))
            }
            o = at + 2 + length
        }
        return out
    }
}
