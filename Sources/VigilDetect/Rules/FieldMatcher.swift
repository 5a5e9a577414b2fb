/// One `field|modifiers: values` entry of a selection: the field's value matches any of the
/// values (all of them with `|all`; none of them with `|neq`).
///
/// Classes, like `SigmaRule`, so that trying one on a row does not copy its arrays.
public final class FieldMatcher: Sendable {
    /// The field; nil for a keyword (fieldless) entry, which any field of the row may match.
    public let field: String?
    public let patterns: [ValuePattern]
    public let requiresAll: Bool
    public let negated: Bool

    public init(field: String?, patterns: [ValuePattern], requiresAll: Bool = false, negated: Bool = false) {
        self.field = field
        self.patterns = patterns
        self.requiresAll = requiresAll
        self.negated = negated
    }

    func matches(_ record: EventRecord) -> Bool {
        let hit: Bool
        if let field {
            let value = record.value(field)
            hit = requiresAll ? patterns.allSatisfy { $0.matches(value, in: record) } : patterns.contains { $0.matches(value, in: record) }
        } else {
            hit = requiresAll ? patterns.allSatisfy { Self.anyField(record, $0) } : patterns.contains { Self.anyField(record, $0) }
        }
        return hit != negated
    }

    private static func anyField(_ record: EventRecord, _ pattern: ValuePattern) -> Bool {
        record.values.contains { pattern.matches($0, in: record) }
    }
}

/// A named search of a rule's `detection`: a map (every entry must match), a list of maps
/// (any map), or a list of keywords (any value anywhere in the row).
public final class SearchIdentifier: Sendable {
    public let name: String
    /// Alternatives, each a conjunction of field matchers.
    public let alternatives: [[FieldMatcher]]

    public init(name: String, alternatives: [[FieldMatcher]]) {
        self.name = name
        self.alternatives = alternatives
    }

    func matches(_ record: EventRecord) -> Bool {
        alternatives.contains { all in all.allSatisfy { $0.matches(record) } }
    }

    /// Every field the search reads (for the evidence an alert carries).
    var fields: [String] {
        var out: [String] = []
        for all in alternatives {
            for m in all {
                if let f = m.field, !out.contains(f) { out.append(f) }
                for case .fieldReference(let other, _) in m.patterns where !out.contains(other) { out.append(other) }
            }
        }
        return out
    }
}
