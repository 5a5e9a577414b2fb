/// A rule's `condition`, parsed: search identifiers joined by `and`, `or`, `not`, parentheses,
/// and `1 of` / `all of` a pattern or `them` (Sigma rules specification, "Condition").
///
/// Not an `indirect` enum: every nested condition lives in an array, so no case needs a box of
/// its own (boxes of `indirect` cases built while parsing were reported lost by LeakSanitizer
/// in the fuzz target).
public enum Condition: Sendable, Equatable {
    /// A search, by its index in the rule's list of searches.
    case search(Int)
    case and([Condition])
    case or([Condition])
    /// One condition, negated (an array of one).
    case not([Condition])
    /// `1 of …` / `any of …`: any of these searches.
    case anyOf([Int])
    /// `all of …`.
    case allOf([Int])

    func evaluate(_ searches: [SearchIdentifier], _ record: EventRecord) -> Bool {
        switch self {
        case .search(let i): searches[i].matches(record)
        case .and(let parts): parts.allSatisfy { $0.evaluate(searches, record) }
        case .or(let parts): parts.contains { $0.evaluate(searches, record) }
        case .not(let c): !c[0].evaluate(searches, record)
        case .anyOf(let ids): ids.contains { searches[$0].matches(record) }
        case .allOf(let ids): ids.allSatisfy { searches[$0].matches(record) }
        }
    }

    /// The searches the condition can read, so that an alert cites only their fields.
    var searchIndices: [Int] {
        switch self {
        case .search(let i): [i]
        case .and(let parts), .or(let parts): parts.flatMap(\.searchIndices)
        case .not(let c): c[0].searchIndices
        case .anyOf(let ids), .allOf(let ids): ids
        }
    }
}
