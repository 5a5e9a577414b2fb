import Foundation
import Testing
import VigilVulns

/// Replays FuzzTesting/Seeds/FuzzVulnFeeds and FuzzTesting/FailCases/FuzzVulnFeeds (crashes
/// once found) through the exercise the fuzz target runs; a regression crashes this process.
@Suite struct FeedFuzzReplayTests {
    @Test func seedsAndFailCasesRunCleanly() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../FuzzTesting")
        var replayed = 0
        for kind in ["Seeds", "FailCases"] {
            let dir = root.appendingPathComponent("\(kind)/FuzzVulnFeeds")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] where !name.hasPrefix(".") {
                let bytes = try Data(contentsOf: dir.appendingPathComponent(name))
                bytes.withUnsafeBytes { FeedFuzzExercise.run($0) }
                replayed += 1
            }
        }
        #expect(replayed >= 4)
    }

    @Test func theSeedAdvisoryMatchesTheSeedDevice() throws {
        // The seeds must reach matching, or the fuzzer would only exercise the JSON decoder.
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../FuzzTesting/Seeds/FuzzVulnFeeds/csaf-minimal.json")
        guard case .advisory(let a) = try FeedReader.decode(Data(contentsOf: url), path: "seed") else {
            Issue.record("seed is not an advisory")
            return
        }
        #expect(a.products.first?.modelNumbers == ["6ES7315-2EH14-0AB0"])
    }
}
