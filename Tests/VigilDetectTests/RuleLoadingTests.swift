import Foundation
import Testing

@testable import VigilDetect

/// Rules that cannot be loaded are named by file, line, column and construct, and do not stop
/// the rules beside them.
@Suite struct RuleLoadingTests {
    func errors(_ yaml: String) -> [RuleLoadError] {
        RuleLoader().load(yaml: yaml, file: "bad.yml").errors
    }

    @Test func badYAMLNamesTheLineAndColumn() throws {
        let e = try #require(errors("title: a: b\nlogsource: {}\n").first)
        #expect(e.file == "bad.yml")
        #expect(e.line == 1)
        #expect(e.column > 1)
        #expect(e.message.contains("not valid YAML"))
    }

    @Test func unknownModifierNamesTheFieldAndModifier() throws {
        let e = try #require(errors(RuleText.yaml("sel:\n    func|contain: WRITE\ncondition: sel")).first)
        #expect(e.construct == "detection.sel.func|contain")
        #expect(e.message == "unknown modifier 'contain'")
        #expect(e.line == 9, "the line of the key in the file")
    }

    @Test func conditionErrorsSayWhatIsWrong() throws {
        let undefined = try #require(errors(RuleText.yaml("sel:\n    f: 1\ncondition: sel and filter")).first)
        #expect(undefined.construct == "detection.condition")
        #expect(undefined.message.contains("'filter'"))
        let unclosed = try #require(errors(RuleText.yaml("sel:\n    f: 1\ncondition: (sel")).first)
        #expect(unclosed.message.contains("not closed"))
        let aggregation = try #require(errors(RuleText.yaml("sel:\n    f: 1\ncondition: sel | count() by src > 4")).first)
        #expect(aggregation.message.contains("correlation rule"))
        let dangling = try #require(errors(RuleText.yaml("sel:\n    f: 1\ncondition: sel and")).first)
        #expect(dangling.message.contains("ends"))
    }

    @Test func valueErrors() {
        #expect(errors(RuleText.yaml("s:\n    ip|cidr: 10.0.0.0/33\ncondition: s")).first?.message.contains("CIDR") == true)
        #expect(errors(RuleText.yaml("s:\n    q|re: '(unclosed'\ncondition: s")).first?.message.contains("regular expression") == true)
        #expect(errors(RuleText.yaml("s:\n    n|gt: many\ncondition: s")).first?.message.contains("number") == true)
        #expect(errors(RuleText.yaml("s:\n    n|exists: maybe\ncondition: s")).first?.message.contains("true or false") == true)
        #expect(errors(RuleText.yaml("s:\n    n|base64offset: x\ncondition: s")).first?.message.contains("contains") == true)
        #expect(errors(RuleText.yaml("s:\n    t|expand: '%x%'\ncondition: s")).first?.message.contains("not supported") == true)
        #expect(errors(RuleText.yaml("s:\n    f|i: x\ncondition: s")).first?.message.contains("'re'") == true)
    }

    @Test func missingPartsAndBadLevel() {
        #expect(errors("title: x\ndetection:\n    s:\n        f: 1\n    condition: s\n").first?.construct == "logsource")
        #expect(errors("title: x\nlogsource:\n    service: dns\n").first?.construct == "detection")
        #expect(errors("logsource:\n    service: dns\ndetection:\n    s:\n        f: 1\n    condition: s\n").first?.construct == "title")
        #expect(errors(RuleText.yaml("s:\n    f: 1", level: "medium")).first?.construct == "detection.condition")
        #expect(errors(RuleText.yaml("s:\n    f: 1\ncondition: s", level: "severe")).first?.construct == "level")
    }

    @Test func oneBadRuleLeavesTheOthersLoaded() throws {
        let folder = NSTemporaryDirectory() + "vigil-rules-\(getpid())"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try RuleText.yaml("s:\n    f: 1\ncondition: s").write(toFile: folder + "/a.yml", atomically: true, encoding: .utf8)
        try RuleText.yaml("s:\n    f|nope: 1\ncondition: s").write(toFile: folder + "/b.yml", atomically: true, encoding: .utf8)
        // Two documents; the second is for another product's logs.
        let windows = "title: w\nlogsource:\n    product: windows\ndetection:\n    s:\n        f: 1\n    condition: s\n"
        try (RuleText.yaml("s:\n    f: 2\ncondition: s") + "\n---\n" + windows).write(
            toFile: folder + "/c.yaml", atomically: true, encoding: .utf8)
        let pack = RuleLoader().load(paths: [folder, folder + "/missing.yml"])
        #expect(pack.rules.count == 2)
        #expect(pack.errors.map { URL(fileURLWithPath: $0.file).lastPathComponent }.sorted() == ["b.yml", "missing.yml"])
        #expect(pack.skipped.count == 1)
    }
}

/// Rules are operators' files, but a mistaken or hostile one must not exhaust memory or stack.
@Suite struct RuleLimitTests {
    @Test func deepNestingIsRefusedBeforeParsing() {
        let brackets = RuleLoader().load(yaml: "title: x\ntags: " + String(repeating: "[", count: 100_000), file: "deep.yml")
        #expect(brackets.errors.first?.message.contains("nest deeper") == true)
        #expect(brackets.errors.first?.line == 2)
        let dashes = RuleLoader().load(yaml: "tags:\n" + String(repeating: "- ", count: 100_000) + "x\n", file: "deep.yml")
        #expect(dashes.errors.first?.message.contains("nest deeper") == true)
        let condition = RuleLoader().load(
            yaml: RuleText.yaml("s:\n    f: 1\ncondition: " + String(repeating: "not ", count: 100_000) + "s"), file: "deep.yml")
        #expect(condition.errors.first?.message.contains("deeper") == true)
        let parentheses = RuleLoader().load(
            yaml: RuleText.yaml(
                "s:\n    f: 1\ncondition: " + String(repeating: "(", count: 10_000) + "s" + String(repeating: ")", count: 10_000)),
            file: "deep.yml")
        #expect(parentheses.errors.first?.message.contains("deeper") == true)
    }

    @Test func aDecorativeLineOfDashesIsFine() {
        let pack = RuleLoader().load(
            yaml: "description: |\n    " + String(repeating: "-", count: 200) + "\n" + RuleText.yaml("s:\n    f: 1\ncondition: s"),
            file: "ok.yml")
        #expect(pack.errors.isEmpty, "\(pack.errors)")
    }

    @Test func windashExpansionIsBounded() {
        let flags = (0..<10).map { " -f\($0)" }.joined()
        let pack = RuleLoader().load(yaml: RuleText.yaml("s:\n    cmd|windash|contains: '\(flags)'\ncondition: s"), file: "w.yml")
        #expect(pack.errors.first?.message.contains("windash") == true)
    }
}
