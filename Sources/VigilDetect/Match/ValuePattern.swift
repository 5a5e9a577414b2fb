import Foundation

/// One value of a Sigma selection, compiled with its modifiers: what a field's value is
/// tried against.
public enum ValuePattern: Sendable {
    /// A string value (after `contains`, `startswith`, `endswith`, the encodings and `windash`).
    case glob(Glob)
    /// A number written as a number in the rule: equal as numbers, or as text.
    case number(Double, text: String)
    case bool(Bool)
    /// `null`: the field is unset.
    case null
    case regex(RegexPattern)
    case cidr(CIDRBlock)
    case compare(Comparison, Double)
    /// `exists: true|false`.
    case exists(Bool)
    /// `fieldref`: compared with another field of the same row.
    case fieldReference(String, FieldReferenceForm)

    public enum Comparison: String, Sendable { case lt, lte, gt, gte }
    public enum FieldReferenceForm: Sendable { case equals, startsWith, endsWith, contains }

    /// Whether `value` (nil when the row leaves the field unset) matches.
    func matches(_ value: FieldValue?, in record: EventRecord) -> Bool {
        switch self {
        case .null: return value == nil
        case .exists(let wanted): return (value != nil) == wanted
        case .fieldReference(let other, let form):
            guard let a = value?.text.lowercased(), let b = record.value(other)?.text.lowercased() else { return false }
            switch form {
            case .equals: return a == b
            case .startsWith: return a.hasPrefix(b)
            case .endsWith: return a.hasSuffix(b)
            case .contains: return b.isEmpty || a.contains(b)
            }
        default:
            guard let value else { return false }
            return value.forEachScalar(matchesScalar)
        }
    }

    private func matchesScalar(_ v: FieldValue) -> Bool {
        switch self {
        case .glob(let g): return g.matches(v.text)
        case .number(let n, let text):
            if let x = v.number { return x == n }
            return v.text.lowercased() == text.lowercased()
        case .bool(let b):
            switch v {
            case .bool(let x): return x == b
            case .number(let s): return Double(s) == (b ? 1 : 0)
            case .text(let s): return s.lowercased() == (b ? "true" : "false")
            case .list: return false
            }
        case .regex(let r): return r.matches(v.text)
        case .cidr(let block): return block.contains(v.text)
        case .compare(let op, let bound):
            guard let x = v.number else { return false }
            switch op {
            case .lt: return x < bound
            case .lte: return x <= bound
            case .gt: return x > bound
            case .gte: return x >= bound
            }
        case .null, .exists, .fieldReference: return false
        }
    }
}

/// A `re` value: ICU's regular expressions, which read the PCRE subset Sigma allows.
public struct RegexPattern: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as safe to share between threads.
    let expression: NSRegularExpression
    public let source: String

    public init(_ pattern: String, caseInsensitive: Bool, multiLine: Bool, dotAll: Bool) throws {
        var options: NSRegularExpression.Options = []
        if caseInsensitive { options.insert(.caseInsensitive) }
        if multiLine { options.insert(.anchorsMatchLines) }
        if dotAll { options.insert(.dotMatchesLineSeparators) }
        expression = try NSRegularExpression(pattern: pattern, options: options)
        source = pattern
    }

    /// Whether the expression matches anywhere in `text` (Sigma's regular expressions are
    /// searched for, not anchored, unless they say `^` or `$`).
    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
