/// Appends into memory the caller has sized for the whole text: one bounds check per piece and
/// no growth, so the generic encoders (`TextBytes`) specialised for it write straight into a
/// stack buffer. Used where a short text is built once and then kept elsewhere (a flow's
/// connection blocks, `ConnectionFieldText`), where a growable `OutputBytes` cost two heap
/// allocations per text.
public struct FixedBytes: ByteAppending {
    public let start: UnsafeMutablePointer<UInt8>
    @usableFromInline var end: UnsafeMutablePointer<UInt8>
    @usableFromInline let limit: UnsafeMutablePointer<UInt8>

    public init(_ buffer: UnsafeMutableRawBufferPointer) {
        start = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        end = start
        limit = start + buffer.count
    }

    public var count: Int { end - start }
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start, count: count) }

    @inlinable public mutating func append(_ byte: UInt8) {
        precondition(end < limit, "FixedBytes: text longer than its buffer")
        end.pointee = byte
        end += 1
    }

    @inlinable public mutating func append(bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard n > 0 else { return }
        precondition(limit - end >= n, "FixedBytes: text longer than its buffer")
        end.update(from: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n)
        end += n
    }
}
