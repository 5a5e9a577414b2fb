import Foundation
import Testing
import VigilDetect

@testable import VigilSensor

/// The DNP3 restart sample (scripts/make-dnp3-restart-sample.sh): opendnp3's master restarts
/// opendnp3's outstation, cold and then warm, after what the master does on every connection.
/// Each restart raises its rule, from the master to the outstation; and the master's requests
/// in dnp3.log are those tshark decodes, in order.
@Suite struct DNP3RestartSampleTests {
    static let capture = Corpus.packageRoot.appendingPathComponent("samples/dnp3-restart.pcap").path
    static let master = "10.79.0.1"
    static let outstation = "10.79.0.10"

    @Test func eachRestartRaisesItsAlert() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.vigil), "build vigil first (swift build)")
        let out = CommandLineTests.scratch("dnp3-restart")
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try CommandLineTests.run(["analyze", "-q", Self.capture, "--out", out]).status == 0)
        let notices = try ScanSampleTests.rows(out, "notice")
        let fired = notices.compactMap { n in RulePackTests.pack.rules.first { $0.id == n["rule_id"] as? String }.map(RulePackTests.stem) }
        #expect(
            fired.sorted() == [
                "dnp3_cold_restart",
                // opendnp3's master turns unsolicited reporting off on every connection, until
                // its integrity poll is done: the medium alert is what any such master raises.
                "dnp3_disable_unsolicited",
                "dnp3_warm_restart",
            ])
        for n in notices {
            #expect(n["src"] as? String == Self.master && n["dst"] as? String == Self.outstation, "\(n)")
        }
        let restarts = notices.filter { ($0["msg"] as? String)?.hasSuffix("restart") == true }
        #expect(restarts.allSatisfy { $0["level"] as? String == "high" }, "\(restarts)")
    }

    /// The function codes of the requests this master sends (IEEE 1815-2012 Table 4-1).
    static let functionNames = [
        1: "READ", 2: "WRITE", 13: "COLD_RESTART", 14: "WARM_RESTART", 20: "ENABLE_UNSOLICITED", 21: "DISABLE_UNSOLICITED",
    ]

    @Test func theMastersRequestsAreThoseTsharkDecodes() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.vigil), "build vigil first (swift build)")
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is needed (apt-get install tshark)")
        let out = CommandLineTests.scratch("dnp3-restart-tshark")
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try CommandLineTests.run(["analyze", "-q", "--no-rules", Self.capture, "--out", out]).status == 0)
        let logged = try ScanSampleTests.rows(out, "dnp3").compactMap { $0["fc_request"] as? String }
        let text = try Corpus.tshark([
            "-r", Self.capture, "-Y", "dnp3.al.func && ip.src == \(Self.master)", "-T", "fields", "-e", "dnp3.al.func",
        ])
        let decoded = String(decoding: text, as: UTF8.self).split(separator: "\n").map { Self.functionNames[Int($0) ?? -1] ?? String($0) }
        #expect(decoded.contains("COLD_RESTART") && decoded.contains("WARM_RESTART"), "\(decoded)")
        #expect(logged == decoded)
    }
}
