/// A Sigma correlation rule (Sigma correlation rules specification 2.1): matches of other
/// rules, counted or put in order per group of field values within a time span.
public struct CorrelationRule: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case eventCount = "event_count"
        case valueCount = "value_count"
        case temporal
        case temporalOrdered = "temporal_ordered"
    }

    /// One criterion of the `condition` map; all must hold.
    public struct Criterion: Sendable, Equatable {
        public enum Operator: String, Sendable, CaseIterable { case gt, gte, lt, lte, eq, neq }
        public let op: Operator
        public let value: Int

        func holds(_ n: Int) -> Bool {
            switch op {
            case .gt: n > value
            case .gte: n >= value
            case .lt: n < value
            case .lte: n <= value
            case .eq: n == value
            case .neq: n != value
            }
        }
    }

    public let id: String
    public let title: String
    public let description: String?
    public let level: RuleLevel
    public let tags: [String]
    public let kind: Kind
    /// The rules it correlates, by `id` or `name` as the file writes them.
    public let ruleReferences: [String]
    public let groupBy: [String]
    /// Seconds.
    public let timespan: Double
    public let criteria: [Criterion]
    /// value_count's field.
    public let field: String?
    /// Whether the correlated rules also raise their own alerts.
    public let generate: Bool
    public let file: String
    public let line: Int

    /// ATT&CK technique ids from the tags, as `SigmaRule.techniques`.
    public var techniques: [String] { SigmaRule.techniques(of: tags) }

    /// Whether `n` (events, distinct values or rules matched) satisfies the condition. A
    /// temporal rule with no condition needs every correlated rule.
    func satisfied(by n: Int, ruleCount: Int) -> Bool {
        if criteria.isEmpty { return n >= ruleCount }
        return criteria.allSatisfy { $0.holds(n) }
    }

    /// `90m`, `1h`, `30s`, `2d` as seconds.
    static func seconds(_ text: String) -> Double? {
        guard let unit = text.last, let n = Double(text.dropLast()), n > 0 else { return nil }
        switch unit {
        case "s": return n
        case "m": return n * 60
        case "h": return n * 3600
        case "d": return n * 86400
        default: return nil
        }
    }
}
