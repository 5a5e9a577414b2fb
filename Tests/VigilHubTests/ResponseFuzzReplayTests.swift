import Foundation
import Testing
import VigilHubWire
import VigilResponse

/// Replays FuzzTesting/Seeds/FuzzResponse and FuzzTesting/FailCases/FuzzResponse through the
/// exercise the fuzz target runs; a regression crashes this process. The seeds must read as
/// what they are.
@Suite struct ResponseFuzzReplayTests {
    @Test func seedsAndFailCasesRunCleanly() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../FuzzTesting")
        var replayed = 0
        for kind in ["Seeds", "FailCases"] {
            let dir = root.appendingPathComponent("\(kind)/FuzzResponse")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] where !name.hasPrefix(".") {
                let bytes = try Data(contentsOf: dir.appendingPathComponent(name))
                bytes.withUnsafeBytes { ResponseFuzzExercise.run($0) }
                replayed += 1
            }
        }
        #expect(replayed >= 8)
        let seeds = root.appendingPathComponent("Seeds/FuzzResponse")
        let poll = try JSONDecoder().decode(EnforcerPoll.self, from: Data(contentsOf: seeds.appendingPathComponent("poll.json")))
        #expect(poll.applied == 3)
        let report = try JSONDecoder().decode(EnforcerReport.self, from: Data(contentsOf: seeds.appendingPathComponent("report.json")))
        #expect(report.restores.first?.readBack == 5)
        let yaml = try String(contentsOf: seeds.appendingPathComponent("block-critical-source.yml"), encoding: .utf8)
        #expect(try PlaybookLoader.load(yaml: yaml, file: "seed").map(\.name) == ["block-critical-source"])
    }
}
