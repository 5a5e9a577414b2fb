import Synchronization
import VigilCore

/// Runs correlation rules over the matches of the rules they name: every match of a correlated
/// rule is kept (time, group values, counted field) until it is evaluated, in time order,
/// whatever order workers and log files delivered it in, so the result is the same for any
/// number of workers.
///
/// A window is the `timespan` before each match of a group. When the condition holds, the
/// correlation raises one alert, and that group is quiet for one timespan (the notice's
/// `suppress_for`), then counts afresh: a sweep that goes on for a quarter of an hour is three
/// alerts of a five-minute rule, not one every few matches.
///
/// A run over files evaluates once, at the end. A live sensor evaluates every second up to a
/// watermark (`evaluate(upTo:)`): the matches older than it are taken in time order and carried
/// on from where the last evaluation left each group, so a sweep or a flood is reported while
/// it goes on, and only the matches still inside a window stay in memory.
public final class Correlator: Sendable {
    public let rules: [CorrelationRule]
    /// Correlations (indices) each detection rule id feeds.
    private let feeds: [String: [Int]]
    /// Detection rules referred to by a correlation without `generate: true`: their matches
    /// count, but raise no alert of their own.
    private let silenced: Set<String>
    /// For each correlation, the detection rule ids it names, in its order.
    private let members: [[String]]
    private let state = Mutex(State())
    /// Matches waiting to be evaluated at most, over all correlations: beyond, new ones are not
    /// kept.
    public static let maxObservations = 1_000_000

    struct State {
        /// Per correlation: matches not evaluated yet.
        var pending: [[Observation]] = []
        /// Per correlation and group: the evaluated matches since the group's last alert that
        /// are still inside its timespan.
        var windows: [[[String]: CorrelationWindow]] = []
        /// Per correlation and group: until when (its last alert's time plus the timespan) the
        /// group's matches are not counted.
        var quietUntil: [[[String]: Double]] = []
        var pendingCount = 0
    }

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
        state.withLock {
            $0.pending = Array(repeating: [], count: rules.count)
            $0.windows = Array(repeating: [:], count: rules.count)
            $0.quietUntil = Array(repeating: [:], count: rules.count)
        }
    }

    /// Keeps a match for the correlations that name its rule; returns whether the match
    /// raises its own alert too.
    public func observe(_ rule: SigmaRule, _ record: EventRecord) -> Bool {
        guard let targets = feeds[rule.id] else { return true }
        let time = record.value("ts")?.number ?? 0
        // Only what the alert reports is kept, not the whole row: a run keeps every match.
        let reported = record.keeping(NoticeLog.reportedFields)
        state.withLock { state in
            for i in targets where state.pendingCount < Self.maxObservations {
                let c = rules[i]
                state.pending[i].append(
                    Observation(
                        time: time, group: c.groupBy.map { record.text($0) ?? "" }, value: c.field.flatMap { record.text($0) },
                        member: members[i].firstIndex(of: rule.id) ?? 0, record: reported))
                state.pendingCount += 1
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

    /// Evaluates every correlation over the matches kept whose time is at most `watermark`
    /// (all of them by default, at the end of a run), continuing each group from the last
    /// evaluation. The alerts come in time order.
    public func evaluate(upTo watermark: Double = .infinity) -> [Hit] {
        state.withLock { state in
            var hits: [Hit] = []
            for (i, c) in rules.enumerated() {
                var due: [[String]: [Observation]] = [:]
                var later: [Observation] = []
                for o in state.pending[i] {
                    if o.time <= watermark { due[o.group, default: []].append(o) } else { later.append(o) }
                }
                state.pendingCount -= state.pending[i].count - later.count
                state.pending[i] = later
                for key in due.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                    // Stable: matches of one time keep the order they were delivered in.
                    let events = due[key]!.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(
                        \.element)
                    var window = state.windows[i][key] ?? CorrelationWindow(members: members[i].count)
                    var quiet = state.quietUntil[i][key]
                    hits += evaluate(c, key, events, window: &window, quietUntil: &quiet)
                    state.windows[i][key] = window.isEmpty ? nil : window
                    state.quietUntil[i][key] = quiet
                }
                // A window older than its timespan before the watermark can no longer count,
                // and a quiet period that has ended no longer matters.
                if watermark.isFinite {
                    state.windows[i] = state.windows[i].filter { ($0.value.lastTime ?? 0) >= watermark - c.timespan }
                    state.quietUntil[i] = state.quietUntil[i].filter { $0.value > watermark }
                }
            }
            return hits.sorted { ($0.last.value("ts")?.number ?? 0) < ($1.last.value("ts")?.number ?? 0) }
        }
    }

    /// Runs one group's new matches, in time order, through its window.
    private func evaluate(
        _ c: CorrelationRule, _ key: [String], _ events: [Observation], window: inout CorrelationWindow, quietUntil: inout Double?
    ) -> [Hit] {
        var hits: [Hit] = []
        for event in events {
            if let quiet = quietUntil, event.time < quiet { continue }
            window.add(event)
            let cutoff = event.time - c.timespan
            window.removeMatches(before: cutoff)
            let n = window.measure(c.kind, cutoff: cutoff)
            guard c.satisfied(by: n, ruleCount: c.ruleReferences.count), let first = window.first else { continue }
            hits.append(
                Hit(
                    rule: c, group: zip(c.groupBy, key).map { ($0, $1) }, count: n, events: window.count, first: first.time,
                    last: event.record))
            window.removeAll()
            quietUntil = event.time + c.timespan
        }
        return hits
    }
}
