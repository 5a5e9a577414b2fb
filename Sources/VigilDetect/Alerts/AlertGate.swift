import Synchronization

/// Decides which matches become notices: the first match of a rule for a source and
/// destination pair, then at most one per `suppressFor` seconds of network time for that
/// pair, carrying the count of the repeats in between (as Zeek's notice suppression does,
/// keyed here by rule and pair). Shared by every worker of a run.
public final class AlertGate: Sendable {
    public let suppressFor: Double
    private let state = Mutex(State())

    struct Key: Hashable {
        let rule: String
        let source: String?
        let destination: String?
    }

    struct Pending {
        var lastNotice: Double
        var suppressed: Int
    }

    struct State {
        var pending: [Key: Pending] = [:]
        var matches: [String: Int] = [:]
        var notices = 0
        var levels: [String: RuleLevel] = [:]
        var titles: [String: String] = [:]
    }

    public init(suppressFor: Double = 3600) {
        self.suppressFor = suppressFor
    }

    /// The notice to write for this match, or nil when it is suppressed (and counted).
    public func admit(_ alert: Alert) -> Alert? {
        let key = Key(rule: alert.rule.id, source: alert.source, destination: alert.destination)
        let t = alert.time
        return state.withLock { s -> Alert? in
            s.matches[alert.rule.id, default: 0] += 1
            s.levels[alert.rule.id] = alert.rule.level
            s.titles[alert.rule.id] = alert.rule.title
            // Rows need not come in time order (several logs, several captures): a repeat is
            // one within `suppressFor` of the last notice on either side.
            if var p = s.pending[key], abs(t - p.lastNotice) < suppressFor {
                p.suppressed += 1
                s.pending[key] = p
                return nil
            }
            var notice = alert
            notice.count = 1 + (s.pending[key]?.suppressed ?? 0)
            s.pending[key] = Pending(lastNotice: t, suppressed: 0)
            s.notices += 1
            return notice
        }
    }

    /// Counts a correlation's alert (written whole, never suppressed).
    public func count(_ hit: Correlator.Hit) {
        state.withLock { s in
            s.matches[hit.rule.id, default: 0] += 1
            s.levels[hit.rule.id] = hit.rule.level
            s.titles[hit.rule.id] = hit.rule.title
            s.notices += 1
        }
    }

    /// Matches per rule so far, most severe level first, then most matches.
    public var tally: AlertTally {
        state.withLock { s in
            AlertTally(
                notices: s.notices,
                rules: s.matches.map {
                    AlertTally.Rule(id: $0.key, title: s.titles[$0.key] ?? $0.key, level: s.levels[$0.key] ?? .medium, matches: $0.value)
                }
                .sorted { ($0.level, $0.matches, $1.id) > ($1.level, $1.matches, $0.id) })
        }
    }
}

/// What a run's rules matched, for the summary.
public struct AlertTally: Sendable {
    public struct Rule: Sendable {
        public let id: String
        public let title: String
        public let level: RuleLevel
        public let matches: Int
    }

    public let notices: Int
    public let rules: [Rule]

    public var matches: Int { rules.reduce(0) { $0 + $1.matches } }

    /// Matches per level, most severe first, leaving out levels with none.
    public var byLevel: [(level: RuleLevel, matches: Int)] {
        RuleLevel.allCases.reversed().compactMap { level in
            let n = rules.filter { $0.level == level }.reduce(0) { $0 + $1.matches }
            return n > 0 ? (level, n) : nil
        }
    }
}
