/// Rules loaded from files, with what could not be loaded and what was left aside.
public struct RulePack: Sendable {
    public var rules: [SigmaRule] = []
    public var correlations: [CorrelationRule] = []
    public var errors: [RuleLoadError] = []
    /// Files whose documents are for another product's logs (or are Sigma filters).
    public var skipped: [String] = []

    public init() {}

    mutating func add(_ other: RulePack) {
        rules += other.rules
        correlations += other.correlations
        errors += other.errors
        skipped += other.skipped
    }
}
