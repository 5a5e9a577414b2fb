import VigilCore

/// One line of the device-type table (Resources/device-types.tsv): a type and Purdue level,
/// the condition that gives them, and the reason shown as evidence.
public struct DeviceTypeRule: Sendable, Equatable {
    /// One test of a condition; all of a rule's tests must hold.
    public enum Test: Sendable, Equatable {
        case role(String)
        case protocolName(String)
        /// The identity field equals the text, ignoring case.
        case fieldIs(IdentityFieldName, String)
        /// The identity field contains the text, ignoring case.
        case fieldContains(IdentityFieldName, String)
    }

    public var type: String
    /// The Purdue level; nil for the rules that declare a case ambiguous (type `unknown`).
    public var level: Int?
    public var tests: [Test]
    public var reason: String
    /// The rule's line in the table, for the evidence.
    public var line: Int

    /// Reads one table line (`type<TAB>level<TAB>condition<TAB>reason`); the error names the
    /// line and what is wrong with it.
    public static func parse(_ text: Substring, line: Int, source: String) throws(VigilError) -> DeviceTypeRule {
        let columns = text.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmedOfSpaces }
        func fail(_ why: String) -> VigilError { VigilError(.invalidDocument, "line \(line): \(why)", source: source) }
        guard columns.count == 4 else {
            throw fail("expected 4 tab-separated columns (type, level, condition, reason), found \(columns.count)")
        }
        guard !columns[0].isEmpty else { throw fail("the type is empty") }
        var level: Int?
        if columns[0] == DeviceType.unknown.value {
            guard columns[1] == "-" else { throw fail("an unknown type has no level: write - instead of \"\(columns[1])\"") }
        } else {
            guard let l = Int(columns[1]), (0...5).contains(l) else { throw fail("level \"\(columns[1])\" is not a Purdue level 0-5") }
            level = l
        }
        var tests: [Test] = []
        for part in columns[2].split(separator: "&") {
            tests.append(try test(part.trimmedOfSpaces, fail: fail))
        }
        guard !tests.isEmpty else { throw fail("the condition is empty") }
        return DeviceTypeRule(type: columns[0], level: level, tests: tests, reason: columns[3], line: line)
    }

    private static func test(_ text: String, fail: (String) -> VigilError) throws(VigilError) -> Test {
        let op: Character = text.contains("~") ? "~" : "="
        let sides = text.split(separator: op, maxSplits: 1).map { $0.trimmedOfSpaces }
        guard sides.count == 2, !sides[0].isEmpty, !sides[1].isEmpty else { throw fail("\"\(text)\" is not NAME = VALUE or NAME ~ VALUE") }
        switch (sides[0], op) {
        case ("role", "="): return .role(sides[1])
        case ("protocol", "="): return .protocolName(sides[1])
        case ("role", _), ("protocol", _): throw fail("\(sides[0]) takes = only, not ~")
        default:
            guard let field = IdentityFieldName(rawValue: sides[0]) else {
                throw fail(
                    "\"\(sides[0])\" is not role, protocol or an identity field (\(IdentityFieldName.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            return op == "=" ? .fieldIs(field, sides[1].lowercased()) : .fieldContains(field, sides[1].lowercased())
        }
    }

    /// Whether every test holds for `asset`.
    public func matches(_ asset: Asset) -> Bool {
        tests.allSatisfy { t in
            switch t {
            case .role(let r): return asset.roles.contains(r)
            case .protocolName(let p): return asset.protocols.contains(p)
            case .fieldIs(let f, let v): return asset.identity[f]?.value.lowercased() == v
            case .fieldContains(let f, let v): return asset.identity[f]?.value.lowercased().contains(v) ?? false
            }
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmedOfSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
