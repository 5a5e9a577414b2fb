import VigilCore

/// One CIP explicit message (CIP Vol. 1 §2-4): a request with its EPATH, or a response with
/// its general and extended status. Multiple Service Packets carry their embedded messages.
public struct CIPMessage: Equatable, Sendable {
    public var service: UInt8
    public var isResponse: Bool
    public var status: UInt8 = 0
    public var extendedStatus: UInt16?
    public var classID: UInt32?
    public var instanceID: UInt32?
    public var attributeID: UInt32?
    public var embedded: [CIPMessage] = []
    /// Where the service data starts in the bytes parsed: after a request's path, or after a
    /// response's status.
    public var dataOffset = 0

    /// Decodes a message; nil when even the service and path/status header are missing.
    /// `depth` bounds Multiple Service Packet nesting.
    public static func parse(_ b: UnsafeRawBufferPointer, depth: Int = 0) -> CIPMessage? {
        var c = ByteCursor(b)
        guard let s = c.u8() else { return nil }
        var m = CIPMessage(service: s & 0x7F, isResponse: s & 0x80 != 0)
        if m.isResponse {
            guard c.skip(1), let status = c.u8(), let extWords = c.u8() else { return nil }
            m.status = status
            if extWords > 0 {
                guard let lo = c.u8(), let hi = c.u8(), c.skip(Int(extWords) * 2 - 2) else { return nil }
                m.extendedStatus = UInt16(hi) << 8 | UInt16(lo)
            }
        } else {
            guard let words = c.u8(), let path = c.take(Int(words) * 2) else { return nil }
            m.readPath(path)
        }
        m.dataOffset = c.offset
        // Multiple Service Packet (service 0x0A, Vol. 1 § ): count u16, offsets u16 from
        // the count, then the embedded messages.
        if m.service == 0x0A, depth == 0, m.status == 0 {
            let body = UnsafeRawBufferPointer(rebasing: b[c.offset...])
            m.embedded = embeddedMessages(body)
        }
        return m
    }

    static func embeddedMessages(_ body: UnsafeRawBufferPointer) -> [CIPMessage] {
        guard body.count >= 2 else { return [] }
        let count = Int(ByteReader.u16le(body, 0))
        guard count > 0, 2 + count * 2 <= body.count else { return [] }
        var offsets = (0..<count).map { Int(ByteReader.u16le(body, 2 + $0 * 2)) }
        offsets.append(body.count)
        var out: [CIPMessage] = []
        for i in 0..<count {
            let start = offsets[i]
            let end = offsets[i + 1]
            guard start < end, end <= body.count, let m = parse(UnsafeRawBufferPointer(rebasing: body[start..<end]), depth: 1)
            else { continue }
            out.append(m)
        }
        return out
    }

    /// Logical segments of an EPATH (Vol. 1 §C-1.4.2): 0x20/0x21 class, 0x24/0x25 instance,
    /// 0x30/0x31 attribute, 8- or 16-bit (16-bit formats carry a pad byte first).
    mutating func readPath(_ path: [UInt8]) {
        var i = 0
        while i + 1 < path.count {
            let segment = path[i]
            let sixteen = segment & 0x03 == 1
            let value: UInt32
            if sixteen {
                guard i + 4 <= path.count else { return }
                value = UInt32(path[i + 2]) | UInt32(path[i + 3]) << 8
                i += 4
            } else {
                value = UInt32(path[i + 1])
                i += 2
            }
            switch segment & 0xFC {
            case 0x20: classID = value
            case 0x24: instanceID = value
            case 0x30: attributeID = value
            case 0x28, 0x2C: break  // member id, connection point
            default: return  // port or data segments: the logical path is over
            }
        }
    }
}
