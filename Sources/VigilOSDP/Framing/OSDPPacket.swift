/// One OSDP packet (OSDP v2.2 §5, "Packet structure"):
///
///     [0xFF mark] 0x53 SOM | ADDR | LEN lsb msb | CTRL | [security block] | CODE | DATA | [MAC 4] | CKSUM or CRC lsb msb
///
/// `data` is the bytes after the code as they travel: ciphertext when the security block is
/// SCS_17/18. The length field counts every byte from SOM through the check characters; the
/// mark byte is outside it.
public struct OSDPPacket: Sendable, Equatable {
    public static let startOfMessage: UInt8 = 0x53
    public static let mark: UInt8 = 0xFF
    public static let broadcastAddress: UInt8 = 0x7F
    /// SOM, address, two length bytes and control.
    public static let headerLength = 5

    /// The peripheral device's address, 0x00–0x7E, or 0x7F for broadcast (bit 7 removed).
    public var address: UInt8
    /// Replies set bit 7 of the address byte.
    public var isReply: Bool
    /// Control bits 0–1. 0 restarts a session; 1, 2, 3 follow in turn.
    public var sequence: UInt8
    /// Control bit 2: a CRC-16 (set) or an 8-bit checksum (clear).
    public var usesCRC: Bool
    public var securityBlock: OSDPSecurityBlock?
    public var code: UInt8
    public var data: [UInt8]
    /// The first four bytes of the 16-byte MAC, present when the security block is SCS_15–18
    /// and the frame has room for it.
    public var mac: [UInt8]?

    /// SCS_15–18 with its MAC: a packet that claims the Secure Channel and can be checked.
    public var isSecured: Bool { mac != nil && securityBlock?.type.carriesMAC == true }
    /// Whether a 0xFF mark byte preceded SOM (v2.2 §5.1; peers answer in kind).
    public var hasMark: Bool

    public init(
        address: UInt8, isReply: Bool, sequence: UInt8, code: UInt8, data: [UInt8] = [],
        securityBlock: OSDPSecurityBlock? = nil, mac: [UInt8]? = nil, usesCRC: Bool = true, hasMark: Bool = true
    ) {
        self.address = address
        self.isReply = isReply
        self.sequence = sequence & 0x03
        self.code = code
        self.data = data
        self.securityBlock = securityBlock
        self.mac = mac
        self.usesCRC = usesCRC
        self.hasMark = hasMark
    }

    /// The bytes from SOM to the end of the data, with the length field already counting the
    /// MAC and check characters that will follow. This is exactly what the MAC covers
    /// (Annex D.5: "from SOM to the end of the DATA field").
    public func macInput(macLength: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        let securityLength = securityBlock.map { 2 + $0.data.count } ?? 0
        let total = Self.headerLength + securityLength + 1 + data.count + macLength + (usesCRC ? 2 : 1)
        bytes.reserveCapacity(total)
        bytes.append(Self.startOfMessage)
        bytes.append(address & 0x7F | (isReply ? 0x80 : 0))
        bytes.append(UInt8(truncatingIfNeeded: total))
        bytes.append(UInt8(truncatingIfNeeded: total >> 8))
        bytes.append(sequence & 0x03 | (usesCRC ? 0x04 : 0) | (securityBlock != nil ? 0x08 : 0))
        if let block = securityBlock {
            bytes.append(UInt8(truncatingIfNeeded: 2 + block.data.count))
            bytes.append(block.type.rawValue)
            bytes.append(contentsOf: block.data)
        }
        bytes.append(code)
        bytes.append(contentsOf: data)
        return bytes
    }

    /// The packet as sent on the wire, mark byte included when `hasMark`.
    public func encoded() -> [UInt8] {
        var bytes = macInput(macLength: mac?.count ?? 0)
        if let mac { bytes.append(contentsOf: mac) }
        if usesCRC {
            let crc = OSDPCheck.crc16(bytes)
            bytes.append(UInt8(truncatingIfNeeded: crc))
            bytes.append(UInt8(truncatingIfNeeded: crc >> 8))
        } else {
            bytes.append(OSDPCheck.checksum(bytes))
        }
        return hasMark ? [Self.mark] + bytes : bytes
    }
}
