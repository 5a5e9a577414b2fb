/// The values of one field that give a row a chance to match some rule of its log
/// (`RuleIndex`), kept as case-folded bytes so that a row's value is checked where it lies in
/// the row's text: no string, record or hash is made for the rows (most of them) that carry
/// none of these values.
public struct ProbeValues: Sendable {
    public let field: String
    /// Folded values by length (an array indexed by length, not a dictionary: most rows are
    /// done with after this one look-up): a value is compared only with those as long as it.
    private let byLength: [[[UInt8]]]
    /// Folded prefixes a value may start with (`startswith`).
    private let prefixes: [[UInt8]]

    init(field: String, values: [String], prefixes: [[UInt8]] = []) {
        self.field = field
        self.prefixes = prefixes
        var byLength: [[[UInt8]]] = []
        for v in values {
            let n = v.utf8.count
            if n >= byLength.count { byLength += Array(repeating: [], count: n + 1 - byLength.count) }
            byLength[n].append(v.utf8.map(Glob.fold))
        }
        self.byLength = byLength
    }

    /// Whether `text`, a scalar value's text, is one of the values or starts with one of the
    /// prefixes (ASCII case aside).
    public func contains(_ text: UnsafeRawBufferPointer) -> Bool {
        for p in prefixes where Glob.startsFolded(text, with: p) { return true }
        guard text.count < byLength.count else { return false }
        // Values as long as the text: starting with one is being it.
        for c in byLength[text.count] where Glob.startsFolded(text, with: c) { return true }
        return false
    }

    /// Whether some scalar of `value` is one of the values.
    public func contains(_ value: FieldValue) -> Bool {
        value.forEachScalar { scalar in
            var text = scalar.text
            return text.withUTF8 { contains(UnsafeRawBufferPointer($0)) }
        }
    }
}
