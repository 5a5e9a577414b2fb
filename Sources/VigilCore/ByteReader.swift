/// Big- and little-endian integer reads from borrowed bytes.
///
/// Written by hand because it sits on the per-packet hot path: each read is a few loads with
/// no allocation. Every caller checks bounds first; `checked*` variants do it themselves and
/// return nil, so hostile lengths never trap.
public enum ByteReader {
    @inlinable @inline(__always) public static func u8(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt8 { b[o] }

    @inlinable @inline(__always) public static func u16(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt16 {
        UInt16(b[o]) << 8 | UInt16(b[o + 1])
    }

    @inlinable @inline(__always) public static func u16le(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt16 {
        UInt16(b[o + 1]) << 8 | UInt16(b[o])
    }

    @inlinable @inline(__always) public static func u24(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt32 {
        UInt32(b[o]) << 16 | UInt32(b[o + 1]) << 8 | UInt32(b[o + 2])
    }

    @inlinable @inline(__always) public static func u32(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt32 {
        UInt32(b[o]) << 24 | UInt32(b[o + 1]) << 16 | UInt32(b[o + 2]) << 8 | UInt32(b[o + 3])
    }

    @inlinable @inline(__always) public static func u32le(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt32 {
        UInt32(b[o + 3]) << 24 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 1]) << 8 | UInt32(b[o])
    }

    @inlinable @inline(__always) public static func u64(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt64 {
        UInt64(u32(b, o)) << 32 | UInt64(u32(b, o + 4))
    }

    @inlinable @inline(__always) public static func u64le(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt64 {
        UInt64(u32le(b, o + 4)) << 32 | UInt64(u32le(b, o))
    }

    public static func checkedU8(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt8? {
        o >= 0 && o < b.count ? b[o] : nil
    }

    public static func checkedU16(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt16? {
        o >= 0 && o + 2 <= b.count ? u16(b, o) : nil
    }

    public static func checkedU32(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt32? {
        o >= 0 && o + 4 <= b.count ? u32(b, o) : nil
    }

    /// A sub-range as a new buffer view; nil when out of bounds.
    public static func slice(_ b: UnsafeRawBufferPointer, _ o: Int, _ n: Int) -> UnsafeRawBufferPointer? {
        guard o >= 0, n >= 0, o <= b.count, n <= b.count - o else { return nil }
        return UnsafeRawBufferPointer(rebasing: b[o..<(o + n)])
    }
}
