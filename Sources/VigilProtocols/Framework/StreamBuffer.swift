import VigilCore

/// Accumulates one direction of a TCP stream until a whole message can be parsed.
///
/// A framing parser looks at `bytes` and reports how many it consumed. The buffer is bounded
/// by `Limits.maxMessageBytes`; overflow drops the buffered bytes and reports it, so a hostile
/// peer cannot grow memory without bound.
public struct StreamBuffer {
    public private(set) var bytes: [UInt8] = []
    let limit: Int
    /// Set after a gap or overflow: the next bytes may start mid-message.
    public var desynchronised = false

    public init(limit: Int) { self.limit = limit }

    /// Appends; returns false (and clears) if the buffered message would exceed the limit.
    public mutating func append(_ data: UnsafeRawBufferPointer) -> Bool {
        if bytes.count + data.count > limit {
            bytes.removeAll(keepingCapacity: false)
            desynchronised = true
            return false
        }
        bytes.append(contentsOf: data)
        return true
    }

    public mutating func consume(_ n: Int) { bytes.removeFirst(min(n, bytes.count)) }

    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        desynchronised = true
    }

    public var isEmpty: Bool { bytes.isEmpty }
}
