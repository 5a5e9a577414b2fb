#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A plain OS thread running one closure: a worker pipeline runs for the whole capture and
/// blocks only on its own batch queue, which is what a thread is for (a task on Swift's
/// cooperative pool must not block).
final class WorkerThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    private var thread: pthread_t

    init(_ run: @escaping () -> Void) {
        let body = Unmanaged.passRetained(Body(run)).toOpaque()
        var t = pthread_t()
        let status = pthread_create(
            &t, nil,
            { context in
                Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            }, body)
        precondition(status == 0, "pthread_create failed (\(status))")
        thread = t
    }

    /// Waits for the closure to return; what it wrote is then visible to the caller.
    func join() { pthread_join(thread, nil) }
}
