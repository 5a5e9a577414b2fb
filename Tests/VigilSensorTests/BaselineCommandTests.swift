import Foundation
import Testing
import VigilDetect

/// `vigil baseline learn` on the bundled sample's logs, then `vigil analyze --baseline` on the
/// sample (nothing differs), on the attack sample (the intruder and its pairs), and on the
/// sample against a baseline whose firmware was edited (an identity change).
@Suite struct BaselineCommandTests {
    static let attack = Corpus.packageRoot.appendingPathComponent("samples/ot-attacks.pcap").path

    @Test func learnThenCheck() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.vigil), "build vigil first (swift build)")
        let normal = CommandLineTests.scratch("baseline-normal")
        #expect(try CommandLineTests.run(["analyze", "-q", CommandLineTests.sample, "--out", normal]).status == 0)
        let file = normal + "-baseline.json"
        let learned = try CommandLineTests.run(["baseline", "learn", normal, "--out", file])
        #expect(learned.status == 0, "\(learned.stderr)")
        #expect(learned.stdout.hasPrefix("Learned 10 pair(s)"))

        let same = try CommandLineTests.run(["analyze", CommandLineTests.sample, "--out", normal + "-again", "--baseline", file])
        #expect(same.stdout.contains("Baseline: no difference"))

        let out = CommandLineTests.scratch("baseline-attack")
        let attacked = try CommandLineTests.run(["analyze", Self.attack, "--out", out, "--baseline", file])
        #expect(attacked.status == 0)
        #expect(attacked.stdout.contains("New device 10.79.0.66"))
        let notices = try String(contentsOfFile: out + "/notice.log", encoding: .utf8)
        #expect(notices.contains("\"msg\":\"New communication 10.79.0.66 → 10.79.0.1:102\""))
        #expect(notices.contains("\"note\":\"Baseline::New_Pair\""))

        // One worker and two name the same differences, from the same rows, in the same order.
        func differences(workers: Int) throws -> [Substring] {
            let folder = out + "-w\(workers)"
            #expect(
                try CommandLineTests.run(["analyze", "-q", Self.attack, "--out", folder, "--workers", "\(workers)", "--baseline", file])
                    .status == 0)
            return try String(contentsOfFile: folder + "/notice.log", encoding: .utf8).split(separator: "\n").filter {
                $0.contains("\"rule_id\":\"baseline\"")
            }
        }
        let one = try differences(workers: 1)
        #expect(one.count == 31)
        #expect(try differences(workers: 2) == one)

        // Accepting the run's differences: the same traffic then differs in nothing.
        let accepted = try CommandLineTests.run(["baseline", "accept", out + "/notice.log", "--baseline", file])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        let again = try CommandLineTests.run(["analyze", Self.attack, "--out", out + "-again", "--baseline", file])
        #expect(again.stdout.contains("Baseline: no difference"), "\(again.stdout)")

        // The pump controller reflashed: the learned firmware no longer matches.
        var json = try String(contentsOfFile: file, encoding: .utf8)
        #expect(json.contains("\"firmware\" : \"2.4.1\""))
        json = json.replacingOccurrences(of: "\"firmware\" : \"2.4.1\"", with: "\"firmware\" : \"2.3.0\"")
        try json.write(toFile: file, atomically: true, encoding: .utf8)
        let changed = try CommandLineTests.run(["analyze", CommandLineTests.sample, "--out", normal + "-changed", "--baseline", file])
        #expect(changed.stdout.contains("Identity of 10.77.0.1 changed: firmware: 2.3.0 → 2.4.1"))

        // Where the engineering station writes is learned; moved elsewhere, its writes are
        // named, as rows are written (analyze) and over the logs (baseline check) alike.
        var ranged = try JSONDecoder().decode(Baseline.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
        let station = try #require(ranged.pairs.firstIndex { $0.writes != nil })
        #expect(ranged.pairs[station].writes == ["coils": [3, 3], "holding_registers": [5, 5]])
        ranged.pairs[station].writes = ["coils": [100, 101], "holding_registers": [100, 101]]
        let rangedFile = normal + "-ranged.json"
        try JSONEncoder().encode(ranged).write(to: URL(fileURLWithPath: rangedFile))
        let written = try CommandLineTests.run([
            "analyze", CommandLineTests.sample, "--out", normal + "-ranged", "--baseline", rangedFile, "--workers", "2",
        ])
        #expect(written.stdout.contains("Write to holding_registers 5 outside the learned 100-101 on 10.77.0.2 → 10.77.0.1:502"))
        #expect(written.stdout.contains("Write to coils 3 outside the learned 100-101 on 10.77.0.2 → 10.77.0.1:502"))
        let checked = try CommandLineTests.run([
            "baseline", "check", normal + "-ranged", "--baseline", rangedFile, "--out", normal + "-ranged-check",
        ])
        #expect(checked.stdout.contains("2 Baseline::Write_Outside_Range"), "\(checked.stdout)")

        // Learned from the capture itself: the same baseline as from its logs.
        let fromCapture = normal + "-capture.json"
        let direct = try CommandLineTests.run(["baseline", "learn", CommandLineTests.sample, "--out", fromCapture])
        #expect(direct.status == 0, "\(direct.stderr)")
        func withoutSources(_ path: String) throws -> Baseline {
            var b = try JSONDecoder().decode(Baseline.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            b.learnedFrom = []
            return b
        }
        let relearned = normal + "-relearned.json"
        #expect(try CommandLineTests.run(["baseline", "learn", normal, "--out", relearned]).status == 0)
        #expect(try withoutSources(fromCapture) == withoutSources(relearned))
        let unreadable = try CommandLineTests.run(["baseline", "learn", "/nonexistent.pcap", "--out", normal + "-none.json"])
        #expect(unreadable.status == 1)
        #expect(unreadable.stderr.contains("/nonexistent.pcap: no such file"), "\(unreadable.stderr)")

        let missing = try CommandLineTests.run([
            "analyze", CommandLineTests.sample, "--out", normal + "-x", "--baseline", "/nonexistent.json",
        ])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent.json"))
    }
    /// A corpus capture where four HMIs poll a Modbus server: learned, then checked against a
    /// baseline whose range of one register and period of one poll were narrowed by hand.
    /// analyze with one worker and two and `baseline check` over the logs name the same value
    /// and the same poll; accepting them leaves nothing to name.
    @Test func valuesAndPollingPeriods() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.vigil), "build vigil first (swift build)")
        let capture = Corpus.root.appendingPathComponent("iti-ics-security-tools/pcaps/ModbusTCP/Modbus/modbus_test.pcap").path
        try #require(FileManager.default.fileExists(atPath: capture), "the corpus is at ../shared/corpus")
        let out = CommandLineTests.scratch("baseline-polls")
        let file = out + ".json"
        #expect(try CommandLineTests.run(["baseline", "learn", capture, "--out", file]).status == 0)
        var edited = try JSONDecoder().decode(Baseline.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
        let hmi = try #require(edited.pairs.firstIndex { $0.client == "192.168.0.133" })
        #expect(edited.pairs[hmi].periods == ["modbus": ["READ_INPUT_REGISTERS": 1]], "it polls once a second")
        let register = try #require(edited.points?.firstIndex { $0.point == "modbus unit 1 input_registers 1" })
        #expect(edited.points?[register].min == 21399 && edited.points?[register].max == 21506)
        edited.pairs[hmi].periods = ["modbus": ["READ_INPUT_REGISTERS": 5]]
        edited.points![register].max = 21450
        try JSONEncoder().encode(edited).write(to: URL(fileURLWithPath: file))

        let expected = [
            "Value 21493 of modbus unit 1 input_registers 1 on 192.168.0.20 outside the learned 21399..21450",
            "modbus READ_INPUT_REGISTERS on 192.168.0.133 → 192.168.0.20:502 every 1.0 s, learned every 5.0 s",
        ]
        try Self.expectSameWithOneWorkerAndTwo(capture, baseline: file, out: out, expected)
        let checked = try CommandLineTests.run(["baseline", "check", out + "-w1", "--baseline", file, "--out", out + "-check"])
        #expect(checked.stdout.contains("1 Baseline::Polling_Period_Change, 1 Baseline::Value_Out_Of_Range"), "\(checked.stdout)")
        #expect(try Self.messages(out + "-check") == expected)

        #expect(try CommandLineTests.run(["baseline", "accept", out + "-w1/notice.log", "--baseline", file]).status == 0)
        let again = try CommandLineTests.run(["analyze", capture, "--out", out + "-again", "--baseline", file])
        #expect(again.stdout.contains("Baseline: no difference"), "\(again.stdout)")
    }

    /// Where an S7 client writes (Snap7's client against its server, in the corpus): learned
    /// by area from s7comm_variables.log, then checked against a baseline whose flags (M) range
    /// was narrowed and whose timers were removed by hand. analyze with one worker and two and
    /// `baseline check` name the same writes; accepting them leaves nothing to name.
    @Test func s7WriteRanges() throws {
        let capture = Corpus.root.appendingPathComponent("icsnpp-s7comm/tests/traces/snap7.pcap").path
        let expected = [
            "Write to M 16-19 outside the learned 0-15 on 134.217.61.131 → 134.217.61.211:102",
            "Write to M 0-31 outside the learned 0-15 on 134.217.61.131 → 134.217.61.211:102",
            "Write to T 0-7 outside the learned none on 134.217.61.131 → 134.217.61.211:102",
        ]
        let (out, file) = try Self.learnEditAndCheck(capture, name: "baseline-s7", expected) { edited in
            #expect(edited.pairs.count == 1)
            // M16 as a REAL (4 bytes), M0 as 16 WORDs (32 bytes); 8 timers and 8 counters by number.
            #expect(edited.pairs[0].writes == ["C": [0, 7], "I": [0, 15], "M": [0, 31], "Q": [0, 15], "T": [0, 7]])
            edited.pairs[0].writes!["M"] = [0, 15]
            edited.pairs[0].writes!["T"] = nil
        }
        #expect(try CommandLineTests.run(["baseline", "accept", out + "-w1/notice.log", "--baseline", file]).status == 0)
        let accepted = try JSONDecoder().decode(Baseline.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(accepted.pairs[0].writes?["T"] == [0, 7])
        let again = try CommandLineTests.run(["analyze", capture, "--out", out + "-again", "--baseline", file])
        #expect(again.stdout.contains("Baseline: no difference"), "\(again.stdout)")
    }

    /// The values an S7 client reads (the corpus's S7-1200 trace, where a client reads and
    /// writes outputs and a data block): learned per point as an S7 program names it, then
    /// checked against a baseline whose range of output byte QB1 was narrowed by hand.
    @Test func s7ValueRanges() throws {
        let capture = Corpus.root.appendingPathComponent("icsnpp-s7comm/tests/traces/s7comm_plus.pcap").path
        let expected = ["Value 40 of s7 QB1 on 192.168.0.1 outside the learned 0..20"]
        _ = try Self.learnEditAndCheck(capture, name: "baseline-s7-values", expected) { edited in
            let points = (edited.points ?? []).map(\.point)
            #expect(points.contains("s7 QB1") && points.contains("s7 DB5.DBB2"), "\(points)")
            let output = try #require(edited.points?.firstIndex { $0.point == "s7 QB1" })
            #expect(edited.points?[output].min == 0 && edited.points?[output].max == 40)
            edited.points![output].max = 20
        }
    }

    /// Where a CIP client writes objects (ICSNPP's trace of a Set_Attribute_Single to the
    /// Identity object): learned by class and instance, then named once the write is taken out
    /// of the baseline by hand, with one worker and two and over the logs.
    @Test func cipWriteRanges() throws {
        let capture = Corpus.root.appendingPathComponent("icsnpp-enip/tests/traces/set_attribute_single_service_cip.pcapng").path
        let expected = ["Write to cip Identity 0 outside the learned none on 10.100.90.51 → 10.100.40.11:44818"]
        _ = try Self.learnEditAndCheck(capture, name: "baseline-cip", expected) { edited in
            let client = try #require(edited.pairs.firstIndex { $0.writes != nil })
            #expect(edited.pairs[client].writes == ["cip Identity": [0, 0]])
            edited.pairs[client].writes = ["cip Assembly": [100, 101]]
        }
    }

    /// Which points an IEC 104 controlling station commands (the parsitects trace: single,
    /// double and regulating step commands, set points and bit strings): learned per common
    /// address and command family by information object address, then named once the single
    /// commands' range is narrowed by hand; the station's confirmations are not commands.
    @Test func iec104CommandRanges() throws {
        let capture = Corpus.root.appendingPathComponent("parsitects-zeek-iec104/testing/Traces/first/iec104.pcap").path
        let expected = ["Write to iec104 common 10 C_SC 13 outside the learned 2-2 on 10.20.102.1 → 10.20.100.108:2404"]
        _ = try Self.learnEditAndCheck(capture, name: "baseline-iec104", expected) { edited in
            #expect(edited.pairs.count == 1)
            #expect(edited.pairs[0].writes?["iec104 common 10 C_SC"] == [2, 13])
            #expect(edited.pairs[0].writes?["iec104 common 10 C_DC"] == [1, 14])
            edited.pairs[0].writes!["iec104 common 10 C_SC"] = [2, 2]
        }
    }

    /// Learns a baseline from a corpus capture, lets `edit` check and change it, then expects
    /// analyze with one worker and two and `baseline check` over the logs to name `expected`.
    /// Returns the scratch folder's prefix and the baseline file.
    static func learnEditAndCheck(
        _ capture: String, name: String, _ expected: [String], edit: (inout Baseline) throws -> Void
    ) throws -> (out: String, file: String) {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.vigil), "build vigil first (swift build)")
        try #require(FileManager.default.fileExists(atPath: capture), "the corpus is at ../shared/corpus")
        let out = CommandLineTests.scratch(name)
        let file = out + ".json"
        #expect(try CommandLineTests.run(["baseline", "learn", capture, "--out", file]).status == 0)
        var edited = try JSONDecoder().decode(Baseline.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
        try edit(&edited)
        try JSONEncoder().encode(edited).write(to: URL(fileURLWithPath: file))
        try expectSameWithOneWorkerAndTwo(capture, baseline: file, out: out, expected)
        let checked = try CommandLineTests.run(["baseline", "check", out + "-w1", "--baseline", file, "--out", out + "-check"])
        #expect(try messages(out + "-check") == expected, "\(checked.stdout)")
        return (out, file)
    }

    /// The messages of the baseline's rows in a notice.log.
    static func messages(_ folder: String) throws -> [String] {
        try String(contentsOfFile: folder + "/notice.log", encoding: .utf8).split(separator: "\n").compactMap { line in
            guard line.contains("\"rule_id\":\"baseline\"") else { return nil }
            let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return row?["msg"] as? String
        }
    }

    /// Analyzes `capture` against the baseline with one worker, then two (into `out-w1` and
    /// `out-w2`), and expects both to name `expected`.
    static func expectSameWithOneWorkerAndTwo(_ capture: String, baseline file: String, out: String, _ expected: [String]) throws {
        for workers in [1, 2] {
            let folder = out + "-w\(workers)"
            let run = try CommandLineTests.run(["analyze", "-q", capture, "--out", folder, "--workers", "\(workers)", "--baseline", file])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try messages(folder) == expected, "\(workers) worker(s)")
        }
    }
}
