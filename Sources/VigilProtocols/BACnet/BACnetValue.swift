import VigilCore

/// Text of an application-tagged primitive value (clause 20.2), in ICSNPP-bacnet's notation:
/// reals as C's "%f", dates month/day/year, times h:m:s.hundredths, bit strings as T/F per
/// bit, object identifiers "type: instance". Nil for Null (logged unset).
enum BACnetValue {
    static func text(_ tag: BACnetTag, _ b: UnsafeRawBufferPointer, maxBytes: Int) -> String? {
        let d = tag.bytes(b)
        switch tag.number {
        case 0: return nil
        case 1: return tag.lengthValue == 1 ? "true" : "false"
        case 2, 9: return String(tag.unsigned(b))
        case 3: return String(signed(d))
        case 4:
            guard d.count == 4 else { return "0.000000" }
            return CNumberFormat.fixed(Float(bitPattern: ByteReader.u32(d, 0)))
        case 5:
            guard d.count == 8 else { return "0.000000" }
            return CNumberFormat.string(.fixed, Double(bitPattern: UInt64(ByteReader.u32(d, 0)) << 32 | UInt64(ByteReader.u32(d, 4))))
        case 6:
            // ICSNPP prints each octet with "%x" (no zero padding); kept for log compatibility.
            return d.prefix(maxBytes).map { String($0, radix: 16) }.joined()
        case 7: return characterString(d, maxBytes: maxBytes)
        case 8:
            guard d.count > 1 else { return "" }
            // Written as bytes: appending a Character per bit cost ~200 instructions a bit.
            let bits = d.dropFirst().prefix(maxBytes)
            return String(unsafeUninitializedCapacity: bits.count * 8) { out in
                var i = 0
                for byte in bits {
                    for bit in (0..<8).reversed() {
                        out[i] = byte >> UInt8(bit) & 1 == 1 ? UInt8(ascii: "T") : UInt8(ascii: "F")
                        i += 1
                    }
                }
                return i
            }
        case 10:
            guard d.count == 4 else { return "" }
            return "\(d[1])/\(d[2])/\(Int(d[0]) + 1900)"
        case 11:
            guard d.count == 4 else { return "" }
            return "\(d[0]):\(d[1]):\(d[2]).\(d[3])"
        case 12:
            guard d.count == 4 else { return "" }
            let id = objectIdentifier(d)
            return "\(BACnetNames.objectType(id.type)): \(id.instance)"
        default: return ""
        }
    }

    /// Clause 20.2.5: two's-complement, 1 to 4 octets.
    static func signed(_ d: UnsafeRawBufferPointer) -> Int32 {
        guard !d.isEmpty, d.count <= 4 else { return 0 }
        var v = Int32(Int8(bitPattern: d[0]))
        for byte in d.dropFirst() { v = v << 8 | Int32(byte) }
        return v
    }

    /// Clause 20.2.14: 10-bit object type, 22-bit instance number.
    static func objectIdentifier(_ d: UnsafeRawBufferPointer) -> (type: UInt32, instance: UInt32) {
        guard d.count == 4 else { return (UInt32.max, UInt32.max) }
        let v = ByteReader.u32(d, 0)
        return (v >> 22, v & 0x3F_FFFF)
    }

    /// Clause 20.2.9: a character-set octet, then the text. ANSI X3.4/UTF-8 (0), UCS-2 (4) and
    /// ISO 8859-1 (5) are decoded; other sets are logged empty, as ICSNPP does.
    static func characterString(_ d: UnsafeRawBufferPointer, maxBytes: Int) -> String {
        guard let set = d.first else { return "" }
        let text = UnsafeRawBufferPointer(rebasing: d[1..<min(d.count, 1 + maxBytes)])
        switch set {
        case 0: return BytesText.text(text, limit: maxBytes)
        case 4:
            var units: [UInt16] = []
            var i = 0
            while i + 1 < text.count {
                units.append(ByteReader.u16(text, i))
                i += 2
            }
            return String(decoding: units, as: UTF16.self)
        case 5: return String(text.map { Character(Unicode.Scalar($0)) })
        default: return ""
        }
    }
}
