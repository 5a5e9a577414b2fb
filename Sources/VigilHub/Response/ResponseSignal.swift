/// Wakes the enforcers' held polls when the actions in force change, so that an approved block
/// is sent at once rather than at the next poll. Callers read `generation` before looking at
/// the store and wait on it after, so a change between the two is never missed.
public actor ResponseSignal {
    public private(set) var generation = 0
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter = 0

    public init() {}

    public func changed() {
        generation += 1
        let woken = waiters
        waiters = [:]
        for waiter in woken.values { waiter.resume() }
    }

    /// Returns once `changed()` has been called since `seen`, or after `seconds`.
    public func wait(after seen: Int, seconds: Double) async {
        guard generation == seen else { return }
        let id = nextWaiter
        nextWaiter += 1
        await withCheckedContinuation { continuation in
            waiters[id] = continuation
            Task {
                try? await Task.sleep(for: .seconds(seconds))
                self.timeOut(id)
            }
        }
    }

    private func timeOut(_ id: Int) { waiters.removeValue(forKey: id)?.resume() }
}
