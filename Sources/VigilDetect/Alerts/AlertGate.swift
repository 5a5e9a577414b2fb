import Synchronization

/// Decides which matches become notices.
///
/// Matches of one rule for one source and destination pair are grouped in windows of
/// `suppressFor` seconds of log time, aligned to the Unix epoch (with the default of 3600, the
/// clock hours). A window's earliest match becomes its notice, and the notice's count is every
/// match of the window. What a window writes depends only on the set of its matches, never on
/// the order they arrived in, so a run with several workers, which hand their matches over in
/// no fixed order, writes the same notices as a run with one. Shared by every worker of a run.
///
/// When a notice is written depends on `timing`: when the input ends for a run over files
/// (`vigil analyze`, `vigil detect`), or as soon as a window's first match arrives for a live
/// sensor, where an alert must not wait for the hour to end.
public final class AlertGate: Sendable {
    public enum Timing: Sendable {
        /// Every window is decided by `drain()`, once all matches are in.
        case whenInputEnds
        /// A window's first match to arrive is its notice, with a count of 1, at once; the
        /// window's later matches are counted in the summary only.
        case asMatchesArrive
    }

    public let suppressFor: Double
    public let timing: Timing
    private let state = Mutex(State())

    /// Windows held at once. A bound on what hostile traffic (matches for ever new address
    /// pairs) can make the gate hold: at this many, a run over files writes the windows it
    /// holds early, and a live sensor forgets the windows before the newest match's.
    static let capacity = 100_000

    struct Key: Hashable {
        let rule: String
        let source: String?
        let destination: String?
        /// The window's number: its start divided by `suppressFor`.
        let window: Double
    }

    struct Window {
        /// The earliest match so far; nil once the window's notice is written (a live sensor's).
        var held: HeldMatch?
        var matches: Int
    }

    struct State {
        var windows: [Key: Window] = [:]
        /// Matches so far by rule id, with the rule's level and title for the summary.
        var matches: [String: (count: Int, level: RuleLevel, title: String)] = [:]
        var notices = 0

        mutating func tally(_ id: String, _ level: RuleLevel, _ title: String) {
            matches[id, default: (0, level, title)].count += 1
        }

        /// The notices of the windows not yet written, in time order, each carrying its
        /// window's count; the windows are forgotten.
        mutating func decide() -> [(match: HeldMatch, count: Int)] {
            var held: [(match: HeldMatch, count: Int)] = []
            for w in windows.values { if let m = w.held { held.append((m, w.matches)) } }
            windows.removeAll()
            held.sort { $0.match.precedes($1.match) }
            notices += held.count
            return held
        }
    }

    public init(suppressFor: Double = 3600, timing: Timing = .whenInputEnds) {
        self.suppressFor = suppressFor
        self.timing = timing
    }

    /// The notices to write now because of this match: with `.asMatchesArrive`, the match
    /// itself when it opens a window; with `.whenInputEnds`, none (or, at `capacity`, every
    /// window held). With `suppressFor` 0 every match is a notice at once.
    public func admit(_ alert: Alert) -> [Alert] { admit(alert.rule, alert.record) }

    /// The notices to write now because `rule` matched `record` (`admit(_:)`). The alert, with
    /// its evidence, is made only for a match that may be written: most matches repeat a
    /// window's held match later in time, and are only counted.
    public func admit(_ rule: SigmaRule, _ record: EventRecord) -> [Alert] {
        let time = record.value("ts")?.number ?? 0
        let key = Key(rule: rule.id, source: record.messageSource, destination: record.messageDestination, window: window(of: time))
        return state.withLock { s -> [Alert] in
            s.tally(rule.id, rule.level, rule.title)
            guard suppressFor > 0 else {
                s.notices += 1
                return [Alert(rule: rule, record: record)]
            }
            if var w = s.windows[key] {
                w.matches += 1
                // Most repeats come later than the match held: those are only counted.
                if let held = w.held, time <= held.time {
                    let candidate = HeldMatch(Alert(rule: rule, record: record))
                    if candidate.precedes(held) { w.held = candidate }
                }
                s.windows[key] = w
                return []
            }
            let alert = Alert(rule: rule, record: record)
            switch timing {
            case .whenInputEnds:
                s.windows[key] = Window(held: HeldMatch(alert), matches: 1)
                return s.windows.count >= Self.capacity ? s.decide().map { $0.match.alert(count: $0.count) } : []
            case .asMatchesArrive:
                if s.windows.count >= Self.capacity {
                    s.windows = s.windows.filter { $0.key.window >= key.window }
                    if s.windows.count >= Self.capacity { s.windows.removeAll() }
                }
                s.windows[key] = Window(held: nil, matches: 1)
                s.notices += 1
                return [alert]
            }
        }
    }

    /// The notices of every window not yet written, in time order; what is returned is
    /// forgotten. A run over files calls it once its input has ended.
    /// Each notice is made as it is read, so that tens of thousands of them are never all
    /// held as alerts at once.
    public func drain() -> some Collection<Alert> {
        state.withLock { $0.decide() }.lazy.map { $0.match.alert(count: $0.count) }
    }

    /// Counts a correlation's alert (written whole, never suppressed).
    public func count(_ hit: Correlator.Hit) {
        state.withLock { s in
            s.tally(hit.rule.id, hit.rule.level, hit.rule.title)
            s.notices += 1
        }
    }

    /// The window a match at `seconds` falls in; a time that is not a number (a log row's
    /// garbage) falls in window 0.
    private func window(of seconds: Double) -> Double {
        let w = (seconds / suppressFor).rounded(.down)
        return w.isFinite ? w : 0
    }

    /// Matches per rule so far, most severe level first, then most matches.
    public var tally: AlertTally {
        state.withLock { s in
            AlertTally(
                notices: s.notices,
                rules: s.matches.map { AlertTally.Rule(id: $0.key, title: $0.value.title, level: $0.value.level, matches: $0.value.count) }
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
