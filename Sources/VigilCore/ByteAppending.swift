/// Where text bytes are appended: a `[UInt8]`, or a log file's `OutputBytes`. `TextBytes` and
/// the log encoders are generic over it, so one encoder serves both.
public protocol ByteAppending {
    mutating func append(_ byte: UInt8)
    mutating func append(bytes: UnsafeRawBufferPointer)
    /// `bytes` between double quotes (a JSON string that needs no escapes).
    mutating func append(quoted bytes: UnsafeRawBufferPointer)
}

extension Array: ByteAppending where Element == UInt8 {
    @inlinable public mutating func append(bytes: UnsafeRawBufferPointer) { append(contentsOf: bytes) }
}

extension ByteAppending {
    @inlinable public mutating func append(quoted bytes: UnsafeRawBufferPointer) {
        append(UInt8(ascii: "\""))
        append(bytes: bytes)
        append(UInt8(ascii: "\""))
    }

    @inlinable public mutating func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { append(bytes: $0) } }
    @inlinable public mutating func append(utf8 s: String) {
        var s = s
        s.withUTF8 { append(bytes: UnsafeRawBufferPointer($0)) }
    }
}
