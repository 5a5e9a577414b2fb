/// The two integrity checks an OSDP packet may end with (IEC 60839-11-5 Annex A / OSDP v2.2
/// §5.7 "Message check characters"). Bit 2 of the control byte chooses between them.
public enum OSDPCheck {
    /// CRC-16/AUG-CCITT: polynomial 0x1021, initial value 0x1D0F, not reflected, no final XOR.
    /// Sent least significant byte first. A 256-entry table keeps a monitor on a busy bus from
    /// spending its time here (each byte costs one lookup instead of eight shifts).
    public static func crc16<C: Collection>(_ bytes: C) -> UInt16 where C.Element == UInt8 {
        var crc: UInt16 = 0x1D0F
        for byte in bytes {
            crc = (crc << 8) ^ table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)]
        }
        return crc
    }

    /// The 8-bit checksum: the two's complement of the byte sum, so that adding it to the sum
    /// gives zero.
    public static func checksum<C: Collection>(_ bytes: C) -> UInt8 where C.Element == UInt8 {
        var sum: UInt8 = 0
        for byte in bytes { sum &+= byte }
        return 0 &- sum
    }

    private static let table: [UInt16] = (0..<256).map { index in
        var value = UInt16(index) << 8
        for _ in 0..<8 { value = value & 0x8000 != 0 ? (value << 1) ^ 0x1021 : value << 1 }
        return value
    }
}
