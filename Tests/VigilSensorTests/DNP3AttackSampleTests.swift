import Foundation
import Testing
import VigilDetect

@testable import VigilSensor

/// The DNP3 attack sample (scripts/make-dnp3-attack-sample.sh): opendnp3's master, as an
/// intruder would use it, against opendnp3's outstation: after what the master does on every
/// connection, a cold and a warm restart, a relay latched on by direct operate, the
/// application stopped and initialised, and a sign-in for file transfer with a password. Each
/// request raises its rule, from the master to the outstation; and the master's requests in
/// dnp3.log are those tshark decodes, in order.
@Suite struct DNP3AttackSampleTests {
    static let capture = Corpus.packageRoot.appendingPathComponent("samples/dnp3-attacks.pcap").path
    static let master = "10.79.0.1"
    static let outstation = "10.79.0.10"

    @Test func eachRequestRaisesItsAlert() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.vigil), "build vigil first (swift build)")
        let out = CommandLineTests.scratch("dnp3-attacks")
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try CommandLineTests.run(["analyze", "-q", Self.capture, "--out", out]).status == 0)
        let notices = try ScanSampleTests.rows(out, "notice")
        let fired = RulePackTests.firedStems(notices)
        #expect(
            fired.sorted() == [
                // The sign-in's object carries the user name and password in clear (group 70
                // variation 2), and its function is a file transfer's.
                "dnp3_cleartext_file_password",
                "dnp3_cold_restart",
                "dnp3_direct_operate",
                // opendnp3's master turns unsolicited reporting off on every connection, until
                // its integrity poll is done: the medium alert is what any such master raises.
                "dnp3_disable_unsolicited",
                "dnp3_file_transfer",
                "dnp3_initialize_or_save_configuration",
                "dnp3_stop_application",
                "dnp3_warm_restart",
            ])
        for n in notices {
            #expect(n["src"] as? String == Self.master && n["dst"] as? String == Self.outstation, "\(n)")
        }
        let weirds = try ScanSampleTests.rows(out, "weird")
        #expect(weirds.map { $0["addl"] as? String } == [#"AUTHENTICATE_FILE for user "operator""#])
    }

    /// The function codes of the requests this master sends (IEEE 1815-2012 Table 4-1).
    static let functionNames = [
        1: "READ", 2: "WRITE", 5: "DIRECT_OPERATE", 13: "COLD_RESTART", 14: "WARM_RESTART", 16: "INITIALIZE_APPL", 18: "STOP_APPL",
        20: "ENABLE_UNSOLICITED", 21: "DISABLE_UNSOLICITED", 29: "AUTHENTICATE_FILE",
    ]

    @Test func theMastersRequestsAreThoseTsharkDecodes() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.vigil), "build vigil first (swift build)")
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is needed (apt-get install tshark)")
        let out = CommandLineTests.scratch("dnp3-attacks-tshark")
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try CommandLineTests.run(["analyze", "-q", "--no-rules", Self.capture, "--out", out]).status == 0)
        let logged = try ScanSampleTests.rows(out, "dnp3").compactMap { $0["fc_request"] as? String }
        let text = try Corpus.tshark([
            "-r", Self.capture, "-Y", "dnp3.al.func && ip.src == \(Self.master)", "-T", "fields", "-e", "dnp3.al.func",
        ])
        let decoded = String(decoding: text, as: UTF8.self).split(separator: "\n").map { Self.functionNames[Int($0) ?? -1] ?? String($0) }
        #expect(decoded.count == 10, "\(decoded)")
        #expect(logged == decoded)
    }
}
