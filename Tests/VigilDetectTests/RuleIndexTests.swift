import Testing

@testable import VigilDetect

/// The rule index (`RuleIndex`) and the in-place probe (`ProbeValues`) pick the rules a row
/// may match from one field's value; neither may ever leave out a rule the row matches.
@Suite struct RuleIndexTests {
    /// Rules on one field: exact values, `startswith` prefixes, both, and tests the index does
    /// not take (a cased value, `contains`), which are tried on every row.
    static let detections = [
        "s:\n    func: WRITE_SINGLE_COIL\ncondition: s",
        "s:\n    func|startswith:\n        - PROGRAM_\n        - firmware_\ncondition: s",
        "s:\n    func|startswith: READ\n    unit: 1\ncondition: s",
        "s:\n    func:\n        - DIAGNOSTICS\n        - POLL_*\ncondition: s",
    ]
    static let unindexed = [
        "s:\n    func|cased: Diagnostics\ncondition: s",
        "s:\n    func|contains: WRITE\ncondition: s",
    ]
    static let values = [
        "WRITE_SINGLE_COIL", "write_single_coil", "WRITE_SINGLE_COILS", "PROGRAM_8", "program_", "PROGRAM", "FIRMWARE_REPLACEMENT",
        "Firmware_", "READ_COILS", "REA", "read", "DIAGNOSTICS", "Diagnostics", "POLL_", "poll_complete", "POL", "", "é_PROGRAM_",
    ]

    static func rules(_ detections: [String]) -> [SigmaRule] {
        detections.enumerated().map { i, d in
            let yaml = RuleText.yaml(d).replacingOccurrences(of: "0000-000000000001", with: "0000-00000000000\(i)")
            let pack = RuleLoader().load(yaml: yaml, file: "inline-\(i).yml")
            precondition(pack.errors.isEmpty, "\(pack.errors)")
            return pack.rules[0]
        }
    }

    static func rows() -> [EventRecord] {
        var rows: [EventRecord] = []
        for v in values {
            for unit in ["1", "2"] { rows.append(RuleText.row([("func", .text(v)), ("unit", .number(unit))])) }
        }
        // A set matches when an element does.
        rows.append(RuleText.row([("func", .list([.text("OTHER"), .text("program_9")]))]))
        rows.append(RuleText.row([("unit", .number("1"))]))
        return rows
    }

    @Test func theIndexTriesEveryRuleARowMatches() {
        for detections in [Self.detections, Self.detections + Self.unindexed] {
            let rules = Self.rules(detections)
            let set = RuleSet(rules)
            for row in Self.rows() {
                var picked: [String] = []
                set.evaluate(row) { picked.append($0.id) }
                #expect(picked == rules.filter { $0.matches(row) }.map(\.id), "\(row.values)")
            }
        }
    }

    @Test func theProbeReadsPrefixesAndLetsThroughEveryRowARuleMatches() throws {
        let rules = Self.rules(Self.detections)
        let set = RuleSet(rules)
        let probes = try #require(set.probeValues(for: "test"), "every rule here names a value or prefix of func")
        #expect(probes.map(\.field) == ["func"])
        var passed = 0
        for v in Self.values {
            let inPlace = Array(v.utf8).withUnsafeBytes { probes[0].contains($0) }
            let row = RuleText.row([("func", .text(v)), ("unit", .number("1"))])
            #expect(inPlace == set.mayMatch(RuleText.row([("func", .text(v))])), "\(v)")
            if rules.contains(where: { $0.matches(row) }) { #expect(inPlace, "\(v) matches a rule but the probe turned it away") }
            if inPlace { passed += 1 }
        }
        // Not a probe that lets everything through: the values no rule names are turned away.
        #expect(passed == 12, "\(passed)")
        // With a rule the index cannot take, every row must be read.
        #expect(RuleSet(Self.rules(Self.detections + Self.unindexed)).probeValues(for: "test") == nil)
    }
}
