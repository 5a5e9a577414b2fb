/// What an enforcer tells the hub after a poll (`POST /enforce/v1/reports`, signed): whether
/// `nft -f` applied the ruleset of `version`, and how each restore went.
public struct EnforcerReport: Codable, Sendable, Equatable {
    public var enforcer: String
    public var version: Int64
    public var applied: Bool
    /// nft's own message when it refused the script (nothing of it was applied then).
    public var error: String?
    public var restores: [RestoreOutcome]
    public var time: Double

    public init(enforcer: String, version: Int64, applied: Bool, error: String?, restores: [RestoreOutcome], time: Double) {
        self.enforcer = enforcer
        self.version = version
        self.applied = applied
        self.error = error
        self.restores = restores
        self.time = time
    }
}

/// One restore: written and read back equal, or why not.
public struct RestoreOutcome: Codable, Sendable, Equatable {
    public var action: Int64
    public var restored: Bool
    /// The value read back after the write (nil when the device did not answer).
    public var readBack: Int?
    public var error: String?

    public init(action: Int64, restored: Bool, readBack: Int?, error: String?) {
        self.action = action
        self.restored = restored
        self.readBack = readBack
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case action, restored, error
        case readBack = "read_back"
    }
}
