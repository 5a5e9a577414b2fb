/// Which rules a row can match, found from one field value instead of trying every rule.
///
/// Most rules require a field to equal one of a few literal values (`func: WRITE_SINGLE_COIL`,
/// `pdu_service: reinitialize_device`) or to start with one (`cip_service|startswith: Set
/// Attribute`), and most rows of a log have values no rule names. For such a rule the index
/// keeps the field and its values; a row is tried only against the rules whose required value
/// it carries, and against the rules that require none.
struct RuleIndex: Sendable {
    /// The rules that require one field's value, in load order; values compare without regard
    /// to ASCII case.
    struct FieldRules: Sendable {
        let field: String
        /// Value → rules that require it exactly.
        var exact: [FoldedText: [Int]] = [:]
        /// Folded prefix → rules that require the value to start with it. Few per log: a row's
        /// value is compared with each.
        var prefixes: [(prefix: [UInt8], rules: [Int])] = []
    }

    let byValue: [FieldRules]
    /// Rules with no such requirement: tried on every row.
    let always: [Int]

    init(_ rules: [SigmaRule], indices: [Int]) {
        var byField: [String: FieldRules] = [:]
        var always: [Int] = []
        for i in indices {
            guard let requirement = Self.requirement(of: rules[i]) else {
                always.append(i)
                continue
            }
            var entry = byField[requirement.field] ?? FieldRules(field: requirement.field)
            for v in requirement.values { entry.exact[FoldedText(v), default: []].append(i) }
            for p in requirement.prefixes {
                let folded = p.utf8.map(Glob.fold)
                if let k = entry.prefixes.firstIndex(where: { $0.prefix == folded }) {
                    entry.prefixes[k].rules.append(i)
                } else {
                    entry.prefixes.append((folded, [i]))
                }
            }
            byField[requirement.field] = entry
        }
        self.byValue = byField.keys.sorted().map { byField[$0]! }
        self.always = always
    }

    /// The fields whose values pick the candidates; nil when some rule is tried on every row
    /// (then every row needs all the fields rules read).
    var probeFields: [String]? { always.isEmpty ? byValue.map(\.field) : nil }

    /// The rules a row may match, in load order.
    func candidates(_ record: EventRecord) -> [Int] {
        var out = always
        for entry in byValue {
            guard let v = record.value(entry.field) else { continue }
            _ = v.forEachScalar { scalar in
                let text = scalar.text
                if let hit = entry.exact[FoldedText(text)] { out += hit }
                for (prefix, rules) in entry.prefixes where FoldedText.hasPrefix(text, prefix) { out += rules }
                return false
            }
        }
        if out.count > always.count {
            out.sort()
            // A rule listed under several of the row's values is tried once.
            out = out.enumerated().filter { $0.offset == 0 || out[$0.offset - 1] != $0.element }.map(\.element)
        }
        return out
    }

    /// A field the rule cannot match without, with the literal values it must hold: from a
    /// search the condition needs (alone, or as one operand of its top-level `and`) whose every
    /// alternative tests that field for equality with plain, case-insensitive strings. Of the
    /// operands of an `and`, the first in the condition that has one is taken, and of a
    /// search's fields the first listed: a rule's author lists first the values that rule out
    /// most rows.
    static func requirement(of rule: SigmaRule) -> Requirement? {
        let needed: [Int]
        switch rule.condition {
        case .search(let i): needed = [i]
        case .and(let parts):
            needed = parts.compactMap { if case .search(let i) = $0 { i } else { nil } }
        default: return nil
        }
        for i in needed {
            if let r = requirement(of: rule.searches[i]) { return r }
        }
        return nil
    }

    /// A field a rule cannot match without, and the values (or prefixes) one of which it must
    /// hold.
    struct Requirement {
        let field: String
        var values = Set<String>()
        var prefixes = Set<String>()
    }

    private static func requirement(of search: SearchIdentifier) -> Requirement? {
        var found: Requirement?
        for alternative in search.alternatives {
            // The first matcher of this alternative on the chosen field that tests for plain
            // equality with, or a plain prefix of, case-insensitive strings.
            guard
                let m = alternative.first(where: { m in
                    m.field != nil && (found == nil || m.field == found?.field) && !m.negated && !m.requiresAll && !m.patterns.isEmpty
                        && m.patterns.allSatisfy { $0.literalText != nil || $0.literalPrefix != nil }
                }), let field = m.field
            else { return nil }
            var r = found ?? Requirement(field: field)
            for p in m.patterns {
                if let text = p.literalText { r.values.insert(text) } else if let prefix = p.literalPrefix { r.prefixes.insert(prefix) }
            }
            found = r
        }
        return found
    }

}

/// Text that hashes and compares without regard to ASCII case, without making a folded copy
/// (a row's value is looked up once per row).
struct FoldedText: Hashable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    func hash(into hasher: inout Hasher) {
        for b in text.utf8 { hasher.combine(Glob.fold(b)) }
    }

    static func == (a: FoldedText, b: FoldedText) -> Bool {
        a.text.utf8.count == b.text.utf8.count && a.text.utf8.elementsEqual(b.text.utf8, by: { Glob.fold($0) == Glob.fold($1) })
    }

    /// Whether `text` starts with `folded` (already case-folded), ASCII case aside.
    static func hasPrefix(_ text: String, _ folded: [UInt8]) -> Bool { Glob.startsFolded(text.utf8, with: folded) }
}

extension ValuePattern {
    /// The folded text a case-insensitive pattern with no wildcard matches exactly.
    var literalText: String? {
        guard case .glob(let g) = self, !g.cased, g.pieces.count == 1, case .literal(let bytes) = g.pieces[0] else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The folded text a case-insensitive pattern of that text then `*` (`startswith`) requires
    /// a value to begin with.
    var literalPrefix: String? {
        guard case .glob(let g) = self, !g.cased, g.pieces.count == 2, case .literal(let bytes) = g.pieces[0], g.pieces[1] == .anyRun
        else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
