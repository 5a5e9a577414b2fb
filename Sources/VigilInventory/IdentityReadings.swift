import VigilCore

/// One value an identity field was read with, from one source, and when it was first and last
/// read.
public struct IdentityReading: Sendable, Equatable {
    public var value: String
    public var evidence: String
    public var first: Timestamp
    public var last: Timestamp

    /// A stand-in (a product code for a model name) gives way to a real reading.
    var isFallback: Bool { evidence.hasSuffix("(fallback)") }

    /// The order readings are kept and compared in: first read, then value, then source. It
    /// does not depend on which worker read what, so workers' readings merge into one worker's.
    static func earlier(_ a: IdentityReading, _ b: IdentityReading) -> Bool {
        (a.first, a.value, a.evidence) < (b.first, b.value, b.evidence)
    }
}

/// Every distinct reading of one identity field of one device: what the field's value, the
/// sources that disagree with it and the field's history are drawn from.
public struct IdentityReadings: Sendable, Equatable {
    /// The earliest `maxReadings`, in `IdentityReading.earlier` order.
    public private(set) var all: [IdentityReading] = []

    /// Readings kept per field: a device whose firmware changes every minute, or a forger
    /// cycling values, must not grow one asset without bound. The earliest are kept.
    static let maxReadings = 8

    /// Records a reading: a value already read from that source widens its times.
    mutating func add(_ r: IdentityReading) {
        if let i = all.firstIndex(where: { $0.value == r.value && $0.evidence == r.evidence }) {
            if r.last > all[i].last { all[i].last = r.last }
            guard r.first < all[i].first else { return }
            var moved = all.remove(at: i)
            moved.first = r.first
            insert(moved)
        } else {
            insert(r)
        }
    }

    private mutating func insert(_ r: IdentityReading) {
        let at = all.firstIndex { IdentityReading.earlier(r, $0) } ?? all.endIndex
        guard at < Self.maxReadings else { return }
        all.insert(r, at: at)
        if all.count > Self.maxReadings { all.removeLast() }
    }

    /// The field's value: the source read first wins (a real reading before a fallback), and
    /// of that source's values, the one read last (a device's firmware after an update, a
    /// swapped device's serial). Nil when nothing was read.
    public var chosen: IdentityReading? {
        // The usual case: one source, one value, read again and again.
        if all.count <= 1 { return all.first }
        let real = all.filter { !$0.isFallback }
        let candidates = real.isEmpty ? all : real
        guard let source = candidates.first?.evidence else { return nil }
        return candidates.filter { $0.evidence == source }.max { a, b in
            // Read last wins; at one instant, the one first read later (the newer value).
            (a.last, a.first, b.value) < (b.last, b.first, a.value)
        }
    }

    /// Readings from other sources whose value differs from the chosen one: two sources
    /// disagreeing (a DCP station name and an S7 station name). Fallbacks are not listed.
    public var conflicts: [IdentityReading] {
        guard let chosen else { return [] }
        return all.filter { $0.evidence != chosen.evidence && $0.value != chosen.value && !$0.isFallback }
    }

    /// The chosen source's values in the order they were first read: each after the first is
    /// a change (a firmware update, a swapped device).
    public var history: [IdentityReading] {
        guard let chosen else { return [] }
        return all.filter { $0.evidence == chosen.evidence }
    }
}
