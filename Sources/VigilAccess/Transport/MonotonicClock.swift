import VigilOSDP

#if canImport(Glibc)
    import Glibc
#endif

/// Milliseconds from a monotonic clock: timeouts must not jump when the wall clock is set.
public enum MonotonicClock {
    public static func milliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Microseconds, for measurements finer than the link's millisecond timers (handshake time).
    public static func microseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }
}
