import Foundation
import Testing
import VigilDetect

/// Replays FuzzTesting/Seeds/FuzzDetect and FuzzTesting/FailCases/FuzzDetect (crashes once
/// found) through the exercise the fuzz target runs; a regression crashes this process.
@Suite struct DetectFuzzReplayTests {
    @Test func seedsAndFailCasesRunCleanly() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../FuzzTesting")
        var replayed = 0
        for kind in ["Seeds", "FailCases"] {
            let dir = root.appendingPathComponent("\(kind)/FuzzDetect")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] where !name.hasPrefix(".") {
                let bytes = try Data(contentsOf: dir.appendingPathComponent(name))
                bytes.withUnsafeBytes { DetectFuzzExercise.run($0) }
                replayed += 1
            }
        }
        #expect(replayed >= 3)
    }
}
