import VigilCore

public struct FragmentKey: Hashable, Sendable {
    public var src: IPAddress
    public var dst: IPAddress
    public var id: UInt32
    public var proto: UInt8
}

/// Reassembles IPv4 (RFC 791 §3.2) and IPv6 (RFC 8200 §4.5) fragments.
///
/// Overlaps keep the first copy of each byte (the BSD/Linux policy for most cases), and an
/// overlap that changes bytes is reported as weird, since that is how evasion works.
public final class IPDefragmenter {
    public enum Outcome {
        case held
        case complete(UnsafeRawBufferPointer)
        case invalid(String)
    }

    struct FragmentSet {
        var data: [UInt8] = []
        var have: [Range<Int>] = []
        var totalLength: Int?
        var firstSeen: Timestamp
        var overlapConflict = false
    }

    let limits: Limits
    var sets: [FragmentKey: FragmentSet] = [:]
    /// The last completed datagram; `complete` views point into it until the next call.
    /// A fixed allocation so the view stays valid without copying per datagram.
    let completed = UnsafeMutableRawBufferPointer.allocate(byteCount: IPDefragmenter.maxDatagram, alignment: 16)
    public private(set) var dropped = 0

    /// An IP datagram is at most 65535 bytes (16-bit length field).
    static let maxDatagram = 65_535

    public init(limits: Limits) { self.limits = limits }

    deinit { completed.deallocate() }

    public func add(key: FragmentKey, offset: Int, more: Bool, data: UnsafeRawBufferPointer, at ts: Timestamp) -> Outcome {
        expire(before: ts.adding(seconds: -limits.fragmentTimeoutSeconds))
        let end = offset + data.count
        guard end <= IPDefragmenter.maxDatagram else { return .invalid("fragment_size_inconsistency") }
        if sets[key] == nil {
            guard sets.count < limits.maxFragmentSets else {
                dropped += 1
                return .invalid("fragment_sets_limit_reached")
            }
            sets[key] = FragmentSet(firstSeen: ts)
        }
        var set = sets[key]!
        if !more {
            if let t = set.totalLength, t != end {
                sets[key] = nil
                return .invalid("fragment_inconsistency")
            }
            set.totalLength = end
        }
        if set.data.count < end { set.data.append(contentsOf: repeatElement(0, count: end - set.data.count)) }
        var i = offset
        for byte in data {
            if set.have.contains(where: { $0.contains(i) }) {
                if set.data[i] != byte { set.overlapConflict = true }
            } else {
                set.data[i] = byte
            }
            i += 1
        }
        set.have.append(offset..<end)
        set.have.sort { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for r in set.have {
            if let last = merged.last, r.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        set.have = merged
        if let total = set.totalLength, merged.count == 1, merged[0] == 0..<total {
            sets[key] = nil
            if set.overlapConflict { return .invalid("fragment_overlap") }
            set.data.withUnsafeBytes { completed.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<total])) }
            return .complete(UnsafeRawBufferPointer(rebasing: completed[0..<total]))
        }
        sets[key] = set
        return .held
    }

    func expire(before cutoff: Timestamp) {
        if sets.isEmpty { return }
        for (k, s) in sets where s.firstSeen < cutoff {
            sets[k] = nil
            dropped += 1
        }
    }

    public var pending: Int { sets.count }
}
