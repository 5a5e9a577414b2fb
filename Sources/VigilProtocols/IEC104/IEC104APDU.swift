import VigilCore

/// One IEC 60870-5-104 APDU (clause 5): start 0x68, length, four control octets, and for
/// I-format frames an ASDU (IEC 60870-5-101 clause 7).
struct IEC104APDU {
    enum Format: String {
        case i = "I"
        case s = "S"
        case u = "U"
    }
    var length: Int
    var format: Format
    /// Send and receive sequence numbers N(S), N(R) (15 bits each; I has both, S only N(R)).
    var sendSequence: UInt16?
    var receiveSequence: UInt16?
    var uFunction: String?
    var asdu: IEC104ASDU?

    /// Bytes of APCI after the start octet and length octet.
    static let controlBytes = 4
    /// Largest APDU length (clause 5: 253 octets after start and length).
    static let maxLength = 253

    /// Parses the frame at the start of `b`, which holds exactly 2 + length octets.
    static func parse(_ b: UnsafeRawBufferPointer) -> IEC104APDU? {
        guard b.count >= 6, b[0] == 0x68, Int(b[1]) + 2 == b.count, b[1] >= 4 else { return nil }
        let c1 = b[2]
        if c1 & 0x01 == 0 {  // I format: N(S) in octets 1-2, N(R) in 3-4, each shifted left one bit
            let ns = UInt16(b[2]) >> 1 | UInt16(b[3]) << 7
            let nr = UInt16(b[4]) >> 1 | UInt16(b[5]) << 7
            let asdu = b.count > 6 ? IEC104ASDU.parse(UnsafeRawBufferPointer(rebasing: b[6...])) : nil
            return IEC104APDU(length: Int(b[1]), format: .i, sendSequence: ns, receiveSequence: nr, asdu: asdu)
        }
        if c1 & 0x03 == 0x01 {
            return IEC104APDU(length: Int(b[1]), format: .s, receiveSequence: UInt16(b[4]) >> 1 | UInt16(b[5]) << 7)
        }
        return IEC104APDU(length: Int(b[1]), format: .u, uFunction: IEC104Names.uFunction(c1))
    }
}

/// Data unit identifier and information objects (IEC 60870-5-101 clause 7.2, with the
/// IEC 104 field sizes: 2-octet cause, 2-octet common address, 3-octet object address).
struct IEC104ASDU {
    var typeID: UInt8
    var sequence: Bool
    var count: Int
    var cause: UInt8
    var negative: Bool
    var test: Bool
    var originator: UInt8
    var commonAddress: UInt16
    var objects: [(address: UInt32, value: String?)] = []
    /// The objects announced do not fit the frame (or the type's size is unknown).
    var truncated = false

    static func parse(_ b: UnsafeRawBufferPointer) -> IEC104ASDU? {
        guard b.count >= 6 else { return nil }
        var a = IEC104ASDU(
            typeID: b[0], sequence: b[1] & 0x80 != 0, count: Int(b[1] & 0x7F), cause: b[2] & 0x3F, negative: b[2] & 0x40 != 0,
            test: b[2] & 0x80 != 0, originator: b[3], commonAddress: ByteReader.u16le(b, 4))
        guard let size = IEC104Names.types[a.typeID]?.size else {
            a.truncated = IEC104Names.types[a.typeID] != nil
            return a
        }
        var o = 6
        func ioa(_ at: Int) -> UInt32 { UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 }
        if a.sequence {  // SQ=1: one address, then `count` elements at consecutive addresses
            guard o + 3 + a.count * size <= b.count else {
                a.truncated = true
                return a
            }
            let base = ioa(o)
            o += 3
            for k in 0..<a.count {
                a.objects.append((base &+ UInt32(k), value(a.typeID, UnsafeRawBufferPointer(rebasing: b[o..<(o + size)]))))
                o += size
            }
        } else {
            for _ in 0..<a.count {
                guard o + 3 + size <= b.count else {
                    a.truncated = true
                    return a
                }
                a.objects.append((ioa(o), value(a.typeID, UnsafeRawBufferPointer(rebasing: b[(o + 3)..<(o + 3 + size)]))))
                o += 3 + size
            }
        }
        return a
    }

    /// The element's value as text for status, measurement, counter and command types
    /// (IEC 60870-5-101 clause 7.2.6); nil for the others.
    static func value(_ type: UInt8, _ e: UnsafeRawBufferPointer) -> String? {
        guard !e.isEmpty else { return nil }
        switch type {
        case 1, 2, 30, 45, 58: return String(e[0] & 0x01)  // SIQ SPI / SCO SCS
        case 3, 4, 31, 46, 59, 47, 60: return String(e[0] & 0x03)  // DIQ DPI / DCO DCS / RCO RCS
        case 5, 6, 32: return String(Int8(bitPattern: e[0] << 1) >> 1)  // VTI: 7-bit signed
        case 9, 10, 34, 48, 61, 110, 21:  // NVA: normalized fixed point, 1 - 2^-15 full scale
            guard e.count >= 2 else { return nil }
            return CNumberFormat.string(.general, Double(Int16(bitPattern: ByteReader.u16le(e, 0))) / 32768)
        case 11, 12, 35, 49, 62, 111:  // SVA: scaled value
            guard e.count >= 2 else { return nil }
            return String(Int16(bitPattern: ByteReader.u16le(e, 0)))
        case 13, 14, 36, 50, 63, 112:  // IEEE 754 short float
            guard e.count >= 4 else { return nil }
            // Six significant digits ("%g"), as tshark and the Spicy analyzer print them.
            return CNumberFormat.string(.general, Double(Float(bitPattern: ByteReader.u32le(e, 0))))
        case 15, 16, 37:  // BCR: binary counter reading
            guard e.count >= 4 else { return nil }
            return String(Int32(bitPattern: ByteReader.u32le(e, 0)))
        case 7, 8, 33, 51, 64:  // BSI: 32-bit string
            guard e.count >= 4 else { return nil }
            return Hex.zeek(UInt64(ByteReader.u32le(e, 0)), minimumWidth: 8)
        case 70, 100, 101, 105, 113: return String(e[0])  // COI, QOI, QCC, QRP, QPA
        default: return nil
        }
    }
}
