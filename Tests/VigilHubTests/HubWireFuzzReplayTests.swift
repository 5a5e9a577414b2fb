import Foundation
import Testing
import VigilHubWire

/// Replays FuzzTesting/Seeds/FuzzHubWire and FuzzTesting/FailCases/FuzzHubWire (crashes once
/// found) through the exercise the fuzz target runs; a regression crashes this process. The
/// seeds themselves must read as what they are.
@Suite struct HubWireFuzzReplayTests {
    @Test func seedsAndFailCasesRunCleanly() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../FuzzTesting")
        var replayed = 0
        for kind in ["Seeds", "FailCases"] {
            let dir = root.appendingPathComponent("\(kind)/FuzzHubWire")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] where !name.hasPrefix(".") {
                let bytes = try Data(contentsOf: dir.appendingPathComponent(name))
                bytes.withUnsafeBytes { HubWireFuzzExercise.run($0) }
                replayed += 1
            }
        }
        #expect(replayed >= 3)
        let batch = try Data(contentsOf: root.appendingPathComponent("Seeds/FuzzHubWire/batch.ndjson"))
        #expect(try SensorBatch(body: Array(batch)).records().map(\.log) == ["conn", "notice"])
        let token = try String(contentsOf: root.appendingPathComponent("Seeds/FuzzHubWire/token.txt"), encoding: .utf8)
        #expect(try EnrollmentToken(parsing: token).secret.count == 32)
    }
}
