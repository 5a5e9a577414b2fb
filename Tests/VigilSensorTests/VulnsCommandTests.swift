import Foundation
import Testing

/// What a user of `vigil vulns` and `vigil analyze --vulns` sees, on a corpus capture of a
/// Siemens S7-300 (icsnpp-s7comm's s7ident.pcap: the PLC states order number
/// 6ES7 315-2EH14-0AB0 and firmware V3.2.6 in its SZL replies) and the shared advisories.
@Suite(.serialized) struct VulnsCommandTests {
    typealias CLI = CommandLineTests
    static let capture = Corpus.root.appendingPathComponent("icsnpp-s7comm/tests/traces/s7ident.pcap").path
    static let data = Corpus.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data").path

    /// A store with the S7-300 advisory, the Rockwell advisory, the NVD records and KEV.
    static func store(_ name: String) throws -> String {
        let path = CLI.scratch(name) + ".db"
        let r = try CLI.run([
            "vulns", "import", "-q", data + "/csaf/2023/icsa-23-222-09.json", data + "/csaf/2018", data + "/nvd",
            data + "/kev/known_exploited_vulnerabilities.json", "--store", path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        return path
    }

    @Test func analyzeWithVulnsPrintsTheAdvisoryAndWritesTheLog() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLI.vigil), "build vigil first (swift build)")
        let store = try Self.store("analyze-vulns")
        let out = CLI.scratch("analyze-vulns-out")
        let r = try CLI.run(["analyze", Self.capture, "--out", out, "--vulns", store])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Vulnerabilities: 1 of 1 device(s) match 1 CVE(s) (1 confirmed, 0 likely, 0 possible)"))
        #expect(r.stdout.contains("CVE-2022-4304    5.9  confirmed ICSA-23-222-09"))

        let rows = try String(contentsOfFile: out + "/vulnerabilities.log", encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 1)
        let row = try JSONSerialization.jsonObject(with: Data(rows[0].utf8)) as! [String: Any]
        #expect(row["cve"] as? String == "CVE-2022-4304")
        #expect(row["firmware"] as? String == "V3.2.6")
        #expect(row["fixed_version"] as? String == "V3.2.19")
        #expect(row["kev"] as? Bool == false)

        let assets = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/assets.json"))) as! [String: Any]
        let plc = (assets["assets"] as! [[String: Any]]).first { ($0["ips"] as? [String]) == ["172.17.0.2"] }
        let summary = plc?["vulnerabilities"] as? [[String: Any]]
        #expect(summary?.map { $0["cve"] as? String } == ["CVE-2022-4304"])
        #expect(summary?.first?["confidence"] as? String == "confirmed")

        // Matching the written assets.json again gives the same row, and leaves the file as it
        // was, byte for byte: only each asset's vulnerabilities are rewritten, in place.
        let written = try Data(contentsOf: URL(fileURLWithPath: out + "/assets.json"))
        let again = try CLI.run(["vulns", "match", "-q", "--assets", out + "/assets.json", "--store", store, "--out", out + "/again"])
        #expect(again.status == 0, "\(again.stderr)")
        let rematched = try String(contentsOfFile: out + "/again/vulnerabilities.log", encoding: .utf8)
        #expect(rematched == rows.joined(separator: "\n") + "\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/assets.json")) == written)
    }

    /// `vulns match` on a run made without `--vulns` writes the assets.json that run would have
    /// written with it.
    @Test func matchingAnEarlierRunGivesWhatAnalyzeWouldHaveWritten() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLI.vigil), "build vigil first (swift build)")
        let store = try Self.store("match-later")
        let with = CLI.scratch("match-later-with")
        let without = CLI.scratch("match-later-without")
        #expect(try CLI.run(["analyze", Self.capture, "--out", with, "--vulns", store]).status == 0)
        #expect(try CLI.run(["analyze", Self.capture, "--out", without]).status == 0)
        let plain = try String(contentsOfFile: without + "/assets.json", encoding: .utf8)
        #expect(!plain.contains("vulnerabilities"))
        let r = try CLI.run(["vulns", "match", "-q", "--assets", without + "/assets.json", "--store", store])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            try String(contentsOfFile: without + "/assets.json", encoding: .utf8)
                == String(contentsOfFile: with + "/assets.json", encoding: .utf8))
        #expect(
            try String(contentsOfFile: without + "/vulnerabilities.log", encoding: .utf8)
                == String(contentsOfFile: with + "/vulnerabilities.log", encoding: .utf8))
    }

    /// Matches are events like any other: the rules reading vulnerabilities.log raise their
    /// notices in the same run, about the device.
    @Test(arguments: RulePackTests.firedWithVulns.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value) })
    func matchesFireTheRulesThatReadThem(_ entry: (rule: String, capture: String)) throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLI.vigil), "build vigil first (swift build)")
        let rule = try #require(RulePackTests.pack.rules.first { RulePackTests.stem($0) == entry.rule })
        let store = try Self.store("rules-vulns")
        let out = CLI.scratch("rules-vulns-out")
        let r = try CLI.run(["analyze", RulePackTests.path(entry.capture), "--out", out, "--vulns", store])
        #expect(r.status == 0, "\(r.stderr)")
        let notices = try String(contentsOfFile: out + "/notice.log", encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        let fired = notices.filter { $0["rule_id"] as? String == rule.id }
        #expect(fired.count == 1, "\(entry.capture) with --vulns fires \(entry.rule) once")
        #expect(fired.first?["dst"] as? String == "172.17.0.2", "the notice names the vulnerable device")
        #expect(fired.first?["level"] as? String == rule.level.rawValue)
        #expect(fired.first?["attack_techniques"] as? [String] == rule.techniques)
        // Without matching, no row and no notice.
        let plain = try CLI.run(["analyze", RulePackTests.path(entry.capture), "--out", out + "-plain"])
        #expect(plain.status == 0)
        let quiet = (try? String(contentsOfFile: out + "-plain/notice.log", encoding: .utf8)) ?? ""
        #expect(!quiet.contains(rule.id))
    }

    @Test func aMissingStoreIsReportedBeforeAnalysis() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLI.vigil), "build vigil first (swift build)")
        let out = CLI.scratch("no-store")
        let r = try CLI.run(["analyze", Self.capture, "--out", out, "--vulns", out + "-missing.db"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(out)-missing.db: no vulnerability store; make one with `vigil vulns import FILES --store"))
        #expect(!FileManager.default.fileExists(atPath: out + "/conn.log"))
    }

    @Test func importNamesABadFileAndKeepsTheRest() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLI.vigil), "build vigil first (swift build)")
        let bad = CLI.scratch("bad-advisory") + ".json"
        try Data("{\"document\": {\"csaf_version\": \"2.0\"}, \"vulnerabilities\": []}".utf8).write(to: URL(fileURLWithPath: bad))
        let store = CLI.scratch("bad-import") + ".db"
        let r = try CLI.run(["vulns", "import", bad, Self.data + "/csaf/2023/icsa-23-222-09.json", "--store", store])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(bad): at /document/category: required field is missing"))
        #expect(r.stdout.contains("1 added, 0 updated, 0 unchanged, 1 failed"))
        let again = try CLI.run(["vulns", "import", Self.data + "/csaf/2023/icsa-23-222-09.json", "--store", store])
        #expect(again.stdout.contains("0 added, 0 updated, 1 unchanged, 0 failed"))
    }
}
