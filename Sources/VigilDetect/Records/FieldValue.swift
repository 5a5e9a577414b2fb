/// One field of a log row as a rule sees it: a value of Zeek's JSON form.
///
/// Numbers keep the text they were written with, so that a rule's string value compares with
/// what the analyst sees in the log, and the number is read only when a rule compares it.
public enum FieldValue: Sendable, Equatable {
    case text(String)
    case number(String)
    case bool(Bool)
    /// A Zeek set or vector: a rule's value matches the field when it matches an element.
    case list([FieldValue])

    /// The value as text: a string as is, a number as written, a Boolean as `true`/`false`,
    /// a list as its elements joined by commas (Zeek's TSV set separator).
    public var text: String {
        switch self {
        case .text(let s), .number(let s): s
        case .bool(let b): b ? "true" : "false"
        case .list(let items): items.map(\.text).joined(separator: ",")
        }
    }

    /// The value as a number: a number field, or a string that reads as one.
    public var number: Double? {
        switch self {
        case .number(let s), .text(let s): Double(s)
        case .bool, .list: nil
        }
    }

    /// The scalars a rule's value is tried against: a list's elements, or the value itself.
    @inlinable public func forEachScalar(_ body: (FieldValue) -> Bool) -> Bool {
        if case .list(let items) = self {
            for item in items where body(item) { return true }
            return false
        }
        return body(self)
    }
}
