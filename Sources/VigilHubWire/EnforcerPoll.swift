/// What an enforcer sends to ask for its ruleset (`POST /enforce/v1/poll` on the ingest
/// listener, signed like a batch). The hub answers at once when it holds a newer ruleset than
/// `applied`, else holds the request for up to `wait` seconds and answers as soon as one is made,
/// so that an approved block reaches the gateway without a polling delay.
public struct EnforcerPoll: Codable, Sendable, Equatable {
    public var enforcer: String
    /// The ruleset version this enforcer last applied (0 for none).
    public var applied: Int64
    /// When the enforcer sent this (seconds since 1970): a signed poll older than
    /// `EnforcerPoll.freshness` is refused, so a captured one cannot be replayed later.
    public var time: Double
    /// How long the hub may hold the request, in seconds (at most `EnforcerPoll.longestWait`).
    public var wait: Double

    public static let freshness: Double = 300
    public static let longestWait: Double = 25

    public init(enforcer: String, applied: Int64, time: Double, wait: Double) {
        self.enforcer = enforcer
        self.applied = applied
        self.time = time
        self.wait = wait
    }
}
