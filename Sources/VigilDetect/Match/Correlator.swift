import Synchronization
import VigilCore

/// Runs correlation rules over the matches of the rules they name: every match of a correlated
/// rule is kept (time, group values, counted field), and at the end of the input each
/// correlation is evaluated over its matches in time order, whatever order workers and log
/// files delivered them in, so the result is the same for any number of workers.
///
/// A window is the `timespan` before each match of a group. When the condition holds, the
/// correlation raises one alert, and that group counts afresh from the next match.
public final class Correlator: Sendable {
    public let rules: [CorrelationRule]
    /// Correlations (indices) each detection rule id feeds.
    private let feeds: [String: [Int]]
    /// Detection rules referred to by a correlation without `generate: true`: their matches
    /// count, but raise no alert of their own.
    private let silenced: Set<String>
    /// For each correlation, the detection rule ids it names, in its order.
    private let members: [[String]]
    private let kept = Mutex<[[Observation]]>([])
    /// Matches kept at most, over all correlations: beyond, the oldest are not evaluated.
    public static let maxObservations = 1_000_000

    struct Observation {
        let time: Double
        let group: [String]
        let value: String?
        /// The position in the correlation's rule list of the rule that matched.
        let member: Int
        let record: EventRecord
    }

    /// Correlations whose rules name none of `detection` (by id or name) are refused with
    /// the references that failed.
    public init(_ rules: [CorrelationRule], detection: [SigmaRule]) throws(RuleLoadError) {
        var feeds: [String: [Int]] = [:]
        var silenced = Set<String>()
        var members: [[String]] = []
        for (i, c) in rules.enumerated() {
            var ids: [String] = []
            for reference in c.ruleReferences {
                guard let rule = detection.first(where: { $0.id == reference || $0.name == reference }) else {
                    throw RuleLoadError(
                        file: c.file, line: c.line, column: 0, construct: "correlation.rules",
                        message: "'\(reference)' is not the id or name of a loaded detection rule")
                }
                ids.append(rule.id)
                feeds[rule.id, default: []].append(i)
                if !c.generate { silenced.insert(rule.id) }
            }
            members.append(ids)
        }
        self.rules = rules
        self.feeds = feeds
        self.silenced = silenced
        self.members = members
        kept.withLock { $0 = Array(repeating: [], count: rules.count) }
    }

    /// Keeps a match for the correlations that name its rule; returns whether the match
    /// raises its own alert too.
    public func observe(_ rule: SigmaRule, _ record: EventRecord) -> Bool {
        guard let targets = feeds[rule.id] else { return true }
        let time = record.value("ts")?.number ?? 0
        // Only what the alert reports is kept, not the whole row: a run keeps every match.
        let reported = record.keeping(NoticeLog.reportedFields)
        kept.withLock { kept in
            for i in targets where kept[i].count < Self.maxObservations {
                let c = rules[i]
                kept[i].append(
                    Observation(
                        time: time, group: c.groupBy.map { record.text($0) ?? "" }, value: c.field.flatMap { record.text($0) },
                        member: members[i].firstIndex(of: rule.id) ?? 0, record: reported))
            }
        }
        return !silenced.contains(rule.id)
    }

    /// The fields correlations read from the rows of the rules they name.
    public var fields: [String] {
        var out: [String] = []
        for c in rules { for f in c.groupBy + [c.field].compactMap({ $0 }) where !out.contains(f) { out.append(f) } }
        return out
    }

    /// A correlation that held: the rule, the group, how many events, values or rules counted,
    /// and the match that completed it.
    public struct Hit: Sendable {
        public let rule: CorrelationRule
        public let group: [(field: String, value: String)]
        public let count: Int
        public let events: Int
        public let first: Double
        public let last: EventRecord
    }

    /// Evaluates every correlation over what was kept.
    public func evaluate() -> [Hit] {
        let all = kept.withLock { $0 }
        var hits: [Hit] = []
        for (i, c) in rules.enumerated() {
            var groups: [[String]: [Observation]] = [:]
            for o in all[i] { groups[o.group, default: []].append(o) }
            for key in groups.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                let events = groups[key]!.sorted { $0.time < $1.time }
                hits += evaluate(c, members: members[i].count, key, events)
            }
        }
        return hits.sorted { ($0.last.value("ts")?.number ?? 0) < ($1.last.value("ts")?.number ?? 0) }
    }

    private func evaluate(_ c: CorrelationRule, members: Int, _ key: [String], _ events: [Observation]) -> [Hit] {
        var hits: [Hit] = []
        var start = 0
        for end in events.indices {
            while events[start].time < events[end].time - c.timespan { start += 1 }
            let window = events[start...end]
            let n: Int
            switch c.kind {
            case .eventCount: n = window.count
            case .valueCount: n = Set(window.compactMap(\.value)).count
            case .temporal: n = Set(window.map(\.member)).count
            case .temporalOrdered: n = Self.orderedPrefix(window.map(\.member), members: members)
            }
            guard c.satisfied(by: n, ruleCount: members) else { continue }
            hits.append(
                Hit(
                    rule: c, group: zip(c.groupBy, key).map { ($0, $1) }, count: n, events: window.count, first: window.first!.time,
                    last: events[end].record))
            start = end + 1
            if start >= events.count { break }
        }
        return hits
    }

    /// How many of the rules matched in their listed order (each after the one before it).
    static func orderedPrefix(_ sequence: [Int], members: Int) -> Int {
        var next = 0
        for m in sequence where m == next {
            next += 1
            if next == members { break }
        }
        return next
    }
}
