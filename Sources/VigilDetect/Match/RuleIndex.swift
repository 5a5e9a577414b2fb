/// Which rules a row can match, found from one field value instead of trying every rule.
///
/// Most rules require a field to equal one of a few literal values (`func: WRITE_SINGLE_COIL`,
/// `pdu_service: reinitialize_device`), and most rows of a log have values no rule names. For
/// such a rule the index keeps the field and its values; a row is tried only against the rules
/// whose required value it carries, and against the rules that require none.
struct RuleIndex: Sendable {
    /// Field → value → rules, in load order; values compare without regard to ASCII case.
    let byValue: [(field: String, rules: [FoldedText: [Int]])]
    /// Rules with no such requirement: tried on every row.
    let always: [Int]

    init(_ rules: [SigmaRule], indices: [Int]) {
        var byValue: [String: [FoldedText: [Int]]] = [:]
        var always: [Int] = []
        for i in indices {
            guard let (field, values) = Self.requirement(of: rules[i]) else {
                always.append(i)
                continue
            }
            for v in values { byValue[field, default: [:]][FoldedText(v), default: []].append(i) }
        }
        self.byValue = byValue.keys.sorted().map { ($0, byValue[$0]!) }
        self.always = always
    }

    /// The fields whose values pick the candidates; nil when some rule is tried on every row
    /// (then every row needs all the fields rules read).
    var probeFields: [String]? { always.isEmpty ? byValue.map(\.field) : nil }

    /// The rules a row may match, in load order.
    func candidates(_ record: EventRecord) -> [Int] {
        var out = always
        for (field, values) in byValue {
            guard let v = record.value(field) else { continue }
            _ = v.forEachScalar { scalar in
                if let hit = values[FoldedText(scalar.text)] { out += hit }
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
    /// alternative tests that field for equality with plain, case-insensitive strings.
    static func requirement(of rule: SigmaRule) -> (String, Set<String>)? {
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

    private static func requirement(of search: SearchIdentifier) -> (String, Set<String>)? {
        var field: String?
        var values = Set<String>()
        for alternative in search.alternatives {
            // The first plain-equality matcher of this alternative on the chosen field.
            guard
                let m = alternative.first(where: { m in
                    m.field != nil && (field == nil || m.field == field) && !m.negated && !m.requiresAll && !m.patterns.isEmpty
                        && m.patterns.allSatisfy { $0.literalText != nil }
                })
            else { return nil }
            field = m.field
            for p in m.patterns { values.insert(p.literalText!) }
        }
        guard let field else { return nil }
        return (field, values)
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
}

extension ValuePattern {
    /// The folded text a case-insensitive pattern with no wildcard matches exactly.
    var literalText: String? {
        guard case .glob(let g) = self, !g.cased, g.pieces.count == 1, case .literal(let bytes) = g.pieces[0] else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
