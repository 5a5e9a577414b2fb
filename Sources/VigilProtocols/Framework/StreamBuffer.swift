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

    /// Frames messages out of `data`: `parse` is shown the bytes available and returns how
    /// many it consumed (0 to wait for more, nil to stop). When nothing is buffered the bytes
    /// are parsed in place and only a partial tail is copied — the common case costs no copy.
    /// Returns false if the buffered tail would pass the limit.
    public mutating func feed(_ data: UnsafeRawBufferPointer, _ parse: (UnsafeRawBufferPointer) -> Int?) -> Bool {
        if bytes.isEmpty {
            var o = 0
            while o < data.count {
                guard let used = parse(UnsafeRawBufferPointer(rebasing: data[o...])) else { return true }
                if used == 0 { break }
                o += used
            }
            return o == data.count || append(UnsafeRawBufferPointer(rebasing: data[o...]))
        }
        guard append(data) else { return false }
        var o = 0
        var stopped = false
        bytes.withUnsafeBytes { b in
            while o < b.count {
                guard let used = parse(UnsafeRawBufferPointer(rebasing: b[o...])) else {
                    stopped = true
                    return
                }
                if used == 0 { return }
                o += used
            }
        }
        if stopped { bytes.removeAll(keepingCapacity: true) } else { consume(o) }
        return true
    }
}
