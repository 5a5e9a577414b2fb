import Synchronization

/// A live sensor's learning window: rows stamped within it teach one baseline; once capture
/// time passes its end (`finish`), rows stamped after it are checked against what was learned,
/// as `--baseline` checks a file.
///
/// A row is judged by its time, not by when it is written: a connection's conn.log row is
/// written when the connection ends, up to minutes later, and a connection of the window
/// is part of what the window saw.
public final class LiveBaselineLearning: Sendable {
    /// How long the window lasts, in seconds of capture time from the first row.
    public let seconds: Double
    private let state: Mutex<State>
    /// Set once the window has ended: the check rows after it get.
    private let finished = Mutex<LiveBaselineCheck?>(nil)

    struct State {
        var learner = BaselineLearner()
        var start: Double?
        var rows = 0
        var identitiesLearned = false
    }

    public init(seconds: Double) {
        self.seconds = seconds
        state = Mutex(State())
    }

    /// The check for rows after the window, once it has ended; nil while learning.
    public var check: LiveBaselineCheck? { finished.withLock { $0 } }

    /// When the window ends (seconds), once its first row is known: a row stamped before it
    /// belongs to the window (every row does until it is known).
    public var end: Double? { state.withLock { s in s.start.map { $0 + seconds } } }

    /// One row of the window.
    public func learn(_ record: EventRecord) {
        state.withLock { s in
            if let t = record.value("ts")?.number, t < s.start ?? .infinity { s.start = t }
            s.learner.learn(record)
            s.rows += 1
        }
    }

    /// Whether the window has ended by `now` (seconds) and not yet been finished.
    public func isDue(_ now: Double) -> Bool {
        guard check == nil else { return false }
        return state.withLock { s in s.start.map { now - $0 >= seconds } ?? false }
    }

    /// The baseline learned so far, with the rows it came from. The first call ends the
    /// window: the identities given (the inventory at its end) are learned, and rows after
    /// the window are checked against this baseline from then on. Later calls add the rows
    /// of the window written since.
    public func finish(identities: [String: BaselineAsset], source: String) -> (baseline: Baseline, rows: Int) {
        let (baseline, rows) = state.withLock { s in
            if !s.identitiesLearned { s.learner.learnAssets(identities) }
            s.identitiesLearned = true
            return (s.learner.finished(from: [source]), s.rows)
        }
        finished.withLock { if $0 == nil { $0 = LiveBaselineCheck(baseline) } }
        return (baseline, rows)
    }
}
