/// One group's matches inside a correlation's timespan, with what its condition counts kept up
/// to date as matches enter and leave.
///
/// Counting the window afresh for every match (a set of its values, its rules in order) made a
/// flood of matches that never satisfies the condition cost the square of its length: forty
/// thousand Modbus identification requests to one unit took a minute at the end of a run, and
/// a live sensor under such a flood would never catch up. Here a match costs the same however
/// long the window is.
struct CorrelationWindow {
    /// The matches in time order; those before `head` have left the window.
    private var matches: [Correlator.Observation] = []
    private var head = 0
    /// value_count: how many matches in the window carry each value.
    private var values: [String: Int] = [:]
    /// temporal: how many matches in the window each correlated rule has.
    private var perMember: [Int: Int] = [:]
    /// temporal_ordered: for the first j + 1 rules in their listed order, the latest time at
    /// which a chain of their matches (one of each, in that order) began, over the chains
    /// complete so far. The chain with the latest start is the last to leave the window, so
    /// the rules matched in order inside the window are those whose chain began inside it.
    private var chainStart: [Double?]

    init(members: Int) { chainStart = Array(repeating: nil, count: members) }

    var isEmpty: Bool { head == matches.count }
    var count: Int { matches.count - head }
    var first: Correlator.Observation? { isEmpty ? nil : matches[head] }
    var lastTime: Double? { isEmpty ? nil : matches.last?.time }

    mutating func add(_ match: Correlator.Observation) {
        matches.append(match)
        if let value = match.value { values[value, default: 0] += 1 }
        perMember[match.member, default: 0] += 1
        if match.member == 0, !chainStart.isEmpty {
            chainStart[0] = match.time
        } else if match.member < chainStart.count, let start = chainStart[match.member - 1] {
            chainStart[match.member] = max(chainStart[match.member] ?? start, start)
        }
    }

    /// Lets the matches before `cutoff` leave the window.
    mutating func removeMatches(before cutoff: Double) {
        while head < matches.count, matches[head].time < cutoff {
            let gone = matches[head]
            if let value = gone.value { Self.decrement(&values, value) }
            Self.decrement(&perMember, gone.member)
            head += 1
        }
        // The storage is compacted once half of it has left, so that a window that lives long
        // neither grows without bound nor is shifted on every match.
        if head > 64, head * 2 > matches.count {
            matches.removeFirst(head)
            head = 0
        }
    }

    /// What the condition of a correlation of `kind` counts in the window that begins at
    /// `cutoff`: matches, distinct values, rules matched, or rules matched in their order.
    func measure(_ kind: CorrelationRule.Kind, cutoff: Double) -> Int {
        switch kind {
        case .eventCount: return count
        case .valueCount: return values.count
        case .temporal: return perMember.count
        case .temporalOrdered:
            var n = 0
            while n < chainStart.count, let start = chainStart[n], start >= cutoff { n += 1 }
            return n
        }
    }

    mutating func removeAll() { self = CorrelationWindow(members: chainStart.count) }

    private static func decrement<Key: Hashable>(_ counts: inout [Key: Int], _ key: Key) {
        guard let n = counts[key] else { return }
        counts[key] = n > 1 ? n - 1 : nil
    }
}
