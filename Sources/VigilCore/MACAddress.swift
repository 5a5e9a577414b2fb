/// A 48-bit IEEE MAC address, stored in the low 48 bits.
public struct MACAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var raw: UInt64

    public init(raw: UInt64) { self.raw = raw & 0xFFFF_FFFF_FFFF }

    /// Reads six bytes at `offset`; the caller has checked the bounds. Inlinable: the decoder
    /// reads two for every Ethernet frame.
    @inlinable public init(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        raw = UInt64(ByteReader.u16(bytes, offset)) << 32 | UInt64(ByteReader.u32(bytes, offset + 2))
    }

    public static func < (a: MACAddress, b: MACAddress) -> Bool { a.raw < b.raw }

    /// The OUI (first three bytes), the key of the IEEE registry.
    public var oui: UInt32 { UInt32(truncatingIfNeeded: raw >> 24) }
    public var isBroadcast: Bool { raw == 0xFFFF_FFFF_FFFF }
    /// The I/G bit: group (multicast or broadcast) addresses name no single device.
    public var isGroup: Bool { (raw >> 40) & 1 == 1 }
    /// The U/L bit: locally administered addresses carry no vendor OUI.
    public var isLocallyAdministered: Bool { (raw >> 40) & 2 == 2 }

    /// `aa:bb:cc:dd:ee:ff`, built in a fixed buffer (it is written for every connection).
    public var description: String {
        var buf: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return withUnsafeMutableBytes(of: &buf) { d in
            write(into: d)
            return String(decoding: UnsafeRawBufferPointer(rebasing: d[0..<17]), as: UTF8.self)
        }
    }

    /// Writes the 17-byte text form into `d`.
    public func write(into d: UnsafeMutableRawBufferPointer) {
        for i in 0..<6 {
            let b = UInt8((raw >> UInt64(40 - 8 * i)) & 0xFF)
            d[i * 3] = Hex.digitBytes[Int(b >> 4)]
            d[i * 3 + 1] = Hex.digitBytes[Int(b & 0xF)]
            if i < 5 { d[i * 3 + 2] = UInt8(ascii: ":") }
        }
    }
}
