/// A rule's `level`, Sigma's five, ordered from least to most severe.
public enum RuleLevel: String, Sendable, Comparable, CaseIterable {
    case informational, low, medium, high, critical

    public static func < (a: RuleLevel, b: RuleLevel) -> Bool { a.rank < b.rank }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
}
