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
    }

    public init(_ baseline: Baseline) {
        self.baseline = baseline
        state = Mutex(State(checker: BaselineChecker(baseline)))
    }

    func check(_ record: EventRecord) -> [BaselineChecker.Deviation] {
        state.withLock { $0.checker.check(record) }
    }

    /// The identity changes in `identities` not named before.
    public func identityChanges(_ identities: [String: BaselineAsset], at time: Double?) -> [BaselineChecker.Deviation] {
        state.withLock { s in
            s.checker.identityChanges(identities, at: time).filter { s.identities.insert($0.message).inserted }
        }
    }
}
