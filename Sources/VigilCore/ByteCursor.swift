/// Bounds-checked sequential reads over one message body: every read returns nil (and
/// consumes nothing) rather than running past the end, so hostile lengths never trap.
public struct ByteCursor {
    public let bytes: UnsafeRawBufferPointer
    public private(set) var offset = 0

    public init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    public var atEnd: Bool { offset >= bytes.count }
    public var remaining: Int { bytes.count - offset }

    public mutating func u8() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func u16() -> UInt16? {
        guard offset + 2 <= bytes.count else { return nil }
        defer { offset += 2 }
        return ByteReader.u16(bytes, offset)
    }

    /// Little-endian, as CIP and EtherNet/IP send their integers.
    public mutating func u16le() -> UInt16? {
        guard offset + 2 <= bytes.count else { return nil }
        defer { offset += 2 }
        return ByteReader.u16le(bytes, offset)
    }

    public mutating func u32le() -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        defer { offset += 4 }
        return ByteReader.u32le(bytes, offset)
    }

    public mutating func skip(_ n: Int) -> Bool {
        guard n >= 0, n <= remaining else { return false }
        offset += n
        return true
    }

    public mutating func take(_ n: Int) -> [UInt8]? {
        guard n >= 0, n <= remaining else { return nil }
        defer { offset += n }
        return Array(bytes[offset..<(offset + n)])
    }

    /// A u8-length-prefixed vector (TLS `opaque x<0..2^8-1>`).
    public mutating func vector8() -> [UInt8]? {
        let start = offset
        guard let n = u8(), let v = take(Int(n)) else {
            offset = start
            return nil
        }
        return v
    }

    /// A u16-length-prefixed vector (TLS `opaque x<0..2^16-1>`, MQTT binary data).
    public mutating func vector16() -> [UInt8]? {
        let start = offset
        guard let n = u16(), let v = take(Int(n)) else {
            offset = start
            return nil
        }
        return v
    }

    public mutating func rest() -> [UInt8] {
        defer { offset = bytes.count }
        return Array(bytes[offset...])
    }
}
