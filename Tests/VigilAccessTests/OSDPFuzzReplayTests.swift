import Foundation
import Testing
import VigilAccess
import VigilOSDP

/// Replays FuzzTesting/Seeds/FuzzOSDP and FuzzTesting/FailCases/FuzzOSDP (crashes once found)
/// through the same exercise the fuzz target runs; a regression crashes this test process.
@Suite struct OSDPFuzzReplayTests {
    @Test func seedsAndFailCasesRunCleanly() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../FuzzTesting")
        var replayed = 0
        for kind in ["Seeds", "FailCases"] {
            let dir = root.appendingPathComponent("\(kind)/FuzzOSDP")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] where !name.hasPrefix(".") {
                let bytes = try Data(contentsOf: dir.appendingPathComponent(name))
                bytes.withUnsafeBytes { OSDPFuzzExercise.run($0) }
                replayed += 1
            }
        }
        #expect(replayed >= 2)  // the committed seeds at least
    }
}
