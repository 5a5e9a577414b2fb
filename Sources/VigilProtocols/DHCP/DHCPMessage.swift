import VigilCore

/// A DHCP message (RFC 2131 §2) with the options the logs and inventory use (RFC 2132).
///
/// ```
///   0 op | 1 htype | 2 hlen | 3 hops | 4 xid u32 | 8 secs | 10 flags
///  12 ciaddr | 16 yiaddr | 20 siaddr | 24 giaddr | 28 chaddr[16] | 44 sname[64] | 108 file[128]
/// 236 magic cookie 0x63825363 | 240 options (code, length, value), 255 ends
/// ```
public struct DHCPMessage: Sendable {
    public var op: UInt8
    public var xid: UInt32
    public var clientAddress: IPAddress
    public var yourAddress: IPAddress
    public var clientMAC: MACAddress?
    public var messageType: UInt8?
    public var hostName: String?
    public var vendorClass: String?
    public var parameterRequests: [UInt8] = []
    public var requestedAddress: IPAddress?
    public var serverID: IPAddress?
    public var leaseSeconds: UInt32?
    public var domain: String?
    public var clientFQDN: String?
    public var message: String?

    public static let messageTypes: [UInt8: String] = [
        1: "DISCOVER", 2: "OFFER", 3: "REQUEST", 4: "DECLINE", 5: "ACK", 6: "NAK", 7: "RELEASE", 8: "INFORM",
        9: "FORCERENEW", 10: "LEASEQUERY", 11: "LEASEUNASSIGNED", 12: "LEASEUNKNOWN", 13: "LEASEACTIVE",
        14: "BULKLEASEQUERY", 15: "LEASEQUERYDONE", 16: "ACTIVELEASEQUERY", 17: "LEASEQUERYSTATUS", 18: "TLS",
    ]
}

public enum DHCPParser {
    public static let magicCookie: UInt32 = 0x6382_5363

    public static func looksLikeDHCP(_ b: UnsafeRawBufferPointer) -> Bool {
        b.count >= 240 && (b[0] == 1 || b[0] == 2) && ByteReader.u32(b, 236) == magicCookie
    }

    public static func parse(_ b: UnsafeRawBufferPointer) -> DHCPMessage? {
        guard looksLikeDHCP(b) else { return nil }
        var m = DHCPMessage(op: b[0], xid: ByteReader.u32(b, 4), clientAddress: .v4(b, at: 12), yourAddress: .v4(b, at: 16))
        if b[1] == 1 && b[2] == 6 { m.clientMAC = MACAddress(b, at: 28) }
        var o = 240
        while o < b.count {
            let code = b[o]
            if code == 255 { break }
            if code == 0 {
                o += 1
                continue
            }
            guard o + 2 <= b.count else { break }
            let n = Int(b[o + 1])
            guard o + 2 + n <= b.count else { break }
            let v = UnsafeRawBufferPointer(rebasing: b[(o + 2)..<(o + 2 + n)])
            switch code {
            case 53 where n == 1: m.messageType = v[0]
            case 12: m.hostName = BytesText.text(Array(v))
            case 60: m.vendorClass = BytesText.text(Array(v))
            case 55: m.parameterRequests = Array(v)
            case 50 where n == 4: m.requestedAddress = .v4(v, at: 0)
            case 54 where n == 4: m.serverID = .v4(v, at: 0)
            case 51 where n == 4: m.leaseSeconds = ByteReader.u32(v, 0)
            case 15: m.domain = BytesText.text(Array(v))
            case 56: m.message = BytesText.text(Array(v))
            case 81 where n > 3: m.clientFQDN = BytesText.text(Array(v[3...]))  // flags, rcode1, rcode2, name (RFC 4702 §2)
            default: break
            }
            o += 2 + n
        }
        return m
    }
}
