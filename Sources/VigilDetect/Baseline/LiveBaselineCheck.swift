import Synchronization

/// A live sensor's baseline check, shared by its workers: each difference is named once, as
/// the row showing it is written, whichever worker wrote it. Rows reach it only when a
/// worker's `StreamBaseline` sees a combination it does not know, so the lock is rarely taken.
public final class LiveBaselineCheck: Sendable {
    public let baseline: Baseline
    private let state: Mutex<State>

    struct State {
        var checker: BaselineChecker
        /// Identity changes already named, so that one is named once however often the
        /// inventory is compared.
        var identities = Set<String>()
        /// The workers' requests of polled functions, as they hand them over.
        var polls: [BaselineLearner.PollKey: PollCount] = [:]
    }

    public init(_ baseline: Baseline) {
        self.baseline = baseline
        state = Mutex(State(checker: BaselineChecker(baseline)))
    }

    func check(_ record: EventRecord) -> [BaselineChecker.Deviation] {
        state.withLock { $0.checker.check(record) }
    }

    /// Requests a worker counted since it last handed them over.
    func add(polls keys: [BaselineLearner.PollKey], _ counts: [PollCount]) {
        state.withLock { s in
            for (key, count) in zip(keys, counts) where count.requests > 0 { s.polls[key, default: PollCount()].add(count) }
        }
    }

    /// The polled functions whose period moved beyond the tolerance, not named before. Each
    /// function is judged over the requests handed over since it was last judged, once there
    /// are enough to give a period: a sensor that has run for months still sees a poller
    /// change pace within minutes, and a slow poller is judged once it has polled enough.
    public func periodChanges() -> [BaselineChecker.Deviation] {
        state.withLock { s in
            let judged = s.polls.filter { $0.value.period != nil }
            for key in judged.keys { s.polls[key] = nil }
            return s.checker.periodChanges(judged)
        }
    }

    /// What each sweeping client reached since the last call (`BaselineChecker.sweepSummaries`).
    public func sweepSummaries() -> [BaselineChecker.Deviation] {
        state.withLock { $0.checker.sweepSummaries() }
    }

    /// The identity changes in `identities` not named before.
    public func identityChanges(_ identities: [String: BaselineAsset], at time: Double?) -> [BaselineChecker.Deviation] {
        state.withLock { s in
            s.checker.identityChanges(identities, at: time).filter { s.identities.insert($0.message).inserted }
        }
    }
}
