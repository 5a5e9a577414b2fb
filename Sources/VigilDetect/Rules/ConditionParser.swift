/// Parses a Sigma condition string against a rule's search names.
///
/// Precedence, lowest first: `or`, `and`, `not` (Sigma rules specification, "Condition"
/// operator precedence); `x of` binds to the pattern that follows it.
struct ConditionParser {
    let names: [String]

    struct Failure: Error {
        let message: String
    }

    enum Token: Equatable {
        case word(String)
        case open, close, pipe
    }

    func parse(_ text: String) throws -> Condition {
        var tokens = try Self.tokens(text)[...]
        let c = try parseOr(&tokens)
        if let extra = tokens.first {
            if extra == .pipe {
                throw Failure(message: "aggregation expressions ('| count() …') are not part of Sigma 2; write a correlation rule instead")
            }
            throw Failure(message: "unexpected \(Self.describe(extra)) in condition '\(text)'")
        }
        return c
    }

    static func tokens(_ text: String) throws -> [Token] {
        var out: [Token] = []
        var word = ""
        func flush() {
            if !word.isEmpty { out.append(.word(word)) }
            word = ""
        }
        for ch in text {
            switch ch {
            case "(":
                flush()
                out.append(.open)
            case ")":
                flush()
                out.append(.close)
            case "|":
                flush()
                out.append(.pipe)
            case " ", "\t", "\n", "\r": flush()
            default: word.append(ch)
            }
        }
        flush()
        return out
    }

    static func describe(_ t: Token) -> String {
        switch t {
        case .word(let w): "'\(w)'"
        case .open: "'('"
        case .close: "')'"
        case .pipe: "'|'"
        }
    }

    private func parseOr(_ t: inout ArraySlice<Token>, depth: Int = 0) throws -> Condition {
        var parts = [try parseAnd(&t, depth: depth)]
        while t.first == .word("or") {
            t.removeFirst()
            parts.append(try parseAnd(&t, depth: depth))
        }
        return parts.count == 1 ? parts[0] : .or(parts)
    }

    private func parseAnd(_ t: inout ArraySlice<Token>, depth: Int) throws -> Condition {
        var parts = [try parseNot(&t, depth: depth)]
        while t.first == .word("and") {
            t.removeFirst()
            parts.append(try parseNot(&t, depth: depth))
        }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    /// How deep `not` and parentheses may nest: far beyond any real rule, and short of what
    /// would exhaust the stack.
    static let maxDepth = 64

    private func parseNot(_ t: inout ArraySlice<Token>, depth: Int = 0) throws -> Condition {
        guard depth < Self.maxDepth else { throw Failure(message: "nests deeper than \(Self.maxDepth) levels") }
        if t.first == .word("not") {
            t.removeFirst()
            return .not([try parseNot(&t, depth: depth + 1)])
        }
        return try parseAtom(&t, depth: depth)
    }

    private func parseAtom(_ t: inout ArraySlice<Token>, depth: Int) throws -> Condition {
        guard let first = t.popFirst() else { throw Failure(message: "condition ends where a search name or '(' was expected") }
        switch first {
        case .open:
            let inner = try parseOr(&t, depth: depth + 1)
            guard t.popFirst() == .close else { throw Failure(message: "a '(' is not closed") }
            return inner
        case .word(let w) where w == "1" || w == "any" || w == "all":
            guard t.first == .word("of") else { return try search(w) }
            t.removeFirst()
            guard case .word(let pattern)? = t.popFirst() else {
                throw Failure(message: "'\(w) of' must be followed by a name pattern or 'them'")
            }
            let ids = try matching(pattern)
            return w == "all" ? .allOf(ids) : .anyOf(ids)
        case .word(let w):
            if ["and", "or", "of"].contains(w) { throw Failure(message: "'\(w)' where a search name was expected") }
            return try search(w)
        default:
            throw Failure(message: "unexpected \(Self.describe(first)) where a search name was expected")
        }
    }

    private func search(_ name: String) throws -> Condition {
        guard let i = names.firstIndex(of: name) else {
            throw Failure(message: "the condition names '\(name)', which the detection does not define")
        }
        return .search(i)
    }

    /// The searches a `x of` pattern names: `them` (every search not starting with `_`), a
    /// name, or a name with `*` wildcards.
    private func matching(_ pattern: String) throws -> [Int] {
        let ids: [Int]
        if pattern == "them" {
            ids = names.indices.filter { !names[$0].hasPrefix("_") }
        } else {
            let glob = Glob(sigma: pattern, cased: true)
            ids = names.indices.filter { glob.matches(names[$0]) }
        }
        guard !ids.isEmpty else { throw Failure(message: "no search matches '\(pattern)'") }
        return ids
    }
}
