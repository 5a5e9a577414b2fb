import VigilCore

/// TCP header flag bits (RFC 9293 §3.1).
public struct TCPFlags: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let fin = TCPFlags(rawValue: 0x01)
    public static let syn = TCPFlags(rawValue: 0x02)
    public static let rst = TCPFlags(rawValue: 0x04)
    public static let psh = TCPFlags(rawValue: 0x08)
    public static let ack = TCPFlags(rawValue: 0x10)
}

/// An IP packet decoded down to its transport header. `payload` borrows the capture buffer
/// (or the defragmenter's buffer) and is valid until the next packet is decoded.
public struct DecodedPacket {
    public var srcMAC: MACAddress?
    public var dstMAC: MACAddress?
    public var vlan: UInt16?
    public var src: IPAddress
    public var dst: IPAddress
    public var proto: TransportProtocol
    /// The IP header's protocol number (after IPv6 extension headers): tells tunnels (4, 41,
    /// 47) apart among the protocols `proto` calls `.other`.
    public var ipProtocol: UInt8 = 0
    /// The IP datagram's length as its header states (Zeek's ip_bytes counts this).
    public var ipLength: Int
    public var ttl: UInt8
    public var srcPort: UInt16 = 0
    public var dstPort: UInt16 = 0
    public var tcpFlags = TCPFlags()
    public var seq: UInt32 = 0
    public var ack: UInt32 = 0
    public var window: UInt16 = 0
    public var payload: UnsafeRawBufferPointer
    /// Payload bytes the sender sent but the capture cut off (snaplen).
    public var payloadMissing: Int = 0
}

extension DecodedPacket {
    /// An empty packet for `PacketDecoder.decode(linkType:_:at:into:)` to fill. (In an
    /// extension so the memberwise initializer stays.)
    public init() {
        self.init(src: .v4(0), dst: .v4(0), proto: .other, ipLength: 0, ttl: 0, payload: UnsafeRawBufferPointer(start: nil, count: 0))
    }
}

/// An ARP packet (RFC 826) for Ethernet/IPv4, which names devices without any IP flow.
public struct ARPPacket: Sendable {
    public var operation: UInt16
    public var senderMAC: MACAddress
    public var senderIP: IPAddress
    public var targetMAC: MACAddress
    public var targetIP: IPAddress
}

/// A link-layer discovery frame's protocol and payload (the bytes after the Ethernet or SNAP
/// header), borrowed from the frame for as long as the caller handles it.
public struct LinkDiscoveryFrame {
    public enum Kind: Sendable {
        /// IEEE 802.1AB, EtherType 0x88CC.
        case lldp
        /// Cisco Discovery Protocol, 802.3 with LLC/SNAP (OUI 00-00-0C, protocol id 0x2000).
        case cdp
        /// PROFINET DCP (IEC 61158-6-10): EtherType 0x8892 with a FrameID of 0xFEFC-0xFEFF;
        /// the payload starts at the FrameID.
        case profinetDCP
    }

    public var kind: Kind
    public var payload: UnsafeRawBufferPointer
    public var srcMAC: MACAddress?

    /// The FrameIDs of PROFINET DCP under EtherType 0x8892 (IEC 61158-6-10 Table 262).
    public static let dcpFrameIDs: ClosedRange<UInt16> = 0xFEFC...0xFEFF

    public init(kind: Kind, payload: UnsafeRawBufferPointer, srcMAC: MACAddress?) {
        self.kind = kind
        self.payload = payload
        self.srcMAC = srcMAC
    }
}

/// What decoding a frame produced.
public enum DecodeResult {
    /// An IP packet, written into the caller's `DecodedPacket`.
    case ip
    case arp(ARPPacket, srcMAC: MACAddress?)
    /// A fragment was stored; the datagram is not complete yet.
    case fragmentHeld
    /// An LLDP, CDP or PROFINET DCP frame: a device announcing itself on the link.
    case linkDiscovery(LinkDiscoveryFrame)
    /// Not IP, ARP, LLDP, CDP or DCP (STP, PROFINET's cyclic data, …): counted, not an error.
    case notIP(etherType: UInt16, srcMAC: MACAddress?)
    /// Malformed: the Zeek weird name to record (e.g. "truncated_IP").
    case malformed(String)
}
