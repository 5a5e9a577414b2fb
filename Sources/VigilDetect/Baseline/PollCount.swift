/// How often a client asked for one function: the number of requests and the times of the
/// first and the last. The period is the mean time between requests; counts from several
/// workers or log files add up to the same period.
struct PollCount: Equatable {
    var requests = 0
    var first = Double.infinity
    var last = -Double.infinity

    /// Requests below which a function is not taken for a poll: too few to give a period.
    static let minimum = 5
    /// How far the period may move before it is a change: half or twice the learned one.
    static let tolerance = 2.0

    mutating func note(_ time: Double) {
        requests += 1
        first = min(first, time)
        last = max(last, time)
    }

    mutating func add(_ other: PollCount) {
        requests += other.requests
        first = min(first, other.first)
        last = max(last, other.last)
    }

    /// Seconds between requests on average, when there were enough to say.
    var period: Double? {
        guard requests >= Self.minimum, last > first else { return nil }
        return (last - first) / Double(requests - 1)
    }

    /// Whether `period` is off `learned` by more than the tolerance, either way.
    static func changed(_ period: Double, from learned: Double) -> Bool {
        learned > 0 && (period > learned * tolerance || period < learned / tolerance)
    }
}
