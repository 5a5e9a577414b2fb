import VigilCore

/// The DNP3 link-layer CRC (IEEE 1815-2012 §9.2.2): polynomial x^16+x^13+x^12+x^11+x^10+x^8+
/// x^6+x^5+x^2+1 (0x3D65), processed LSB first (reflected 0xA6BC), initial 0, result
/// complemented and sent low byte first. Every 10-byte header and every 16-byte data block
/// carries one.
public enum DNP3CRC {
    /// Table-driven: one lookup per byte, computed once.
    static let table: [UInt16] = (0..<256).map { (i: Int) -> UInt16 in
        var crc = UInt16(i)
        for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xA6BC : crc >> 1 }
        return crc
    }

    public static func compute(_ b: UnsafeRawBufferPointer) -> UInt16 {
        var crc: UInt16 = 0
        for byte in b { crc = (crc >> 8) ^ table[Int(UInt8(truncatingIfNeeded: crc) ^ byte)] }
        return ~crc
    }

    /// True when the two bytes after `b[range]` are its CRC.
    public static func check(_ b: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        guard range.upperBound + 2 <= b.count else { return false }
        let crc = compute(UnsafeRawBufferPointer(rebasing: b[range]))
        return ByteReader.u16le(b, range.upperBound) == crc
    }
}
