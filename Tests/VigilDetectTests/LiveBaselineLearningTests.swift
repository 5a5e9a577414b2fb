import Testing

@testable import VigilDetect

/// A live learning window: rows stamped within it are learned, even when written after it
/// ends; the window ends once capture time passes it, and its baseline is then checked.
@Suite struct LiveBaselineLearningTests {
    @Test func theWindowIsJudgedByRowTime() {
        let learning = LiveBaselineLearning(seconds: 60)
        #expect(learning.end == nil, "before any row, every row is the window's")
        learning.learn(BaselineTests.conn("10.0.0.2", "10.0.0.1", 502, service: "modbus", ts: 1000))
        #expect(!learning.isDue(1059.9))
        #expect(learning.isDue(1060))
        #expect(learning.check == nil, "learning until finished")

        let (first, rows) = learning.finish(identities: ["10.0.0.1": BaselineAsset(firmware: "3.10")], source: "interface eth1")
        #expect(rows == 1 && first.pairs.count == 1 && first.assets["10.0.0.1"]?.firmware == "3.10")
        #expect(first.learnedFrom == ["interface eth1"])
        #expect(!learning.isDue(2000), "finished once")
        let check = try! #require(learning.check)
        #expect(check.baseline == first)

        // A connection of the window written after it ended is learned; one after it is not.
        #expect(learning.end == 1060, "a row at 1059 is the window's, one at 1060 is not")
        learning.learn(BaselineTests.conn("10.0.0.3", "10.0.0.1", 502, service: "modbus", ts: 1059))
        let (later, _) = learning.finish(identities: ["10.0.0.1": BaselineAsset(firmware: "9.99")], source: "interface eth1")
        #expect(later.pairs.count == 2)
        #expect(later.assets["10.0.0.1"]?.firmware == "3.10", "identities are the window's end's")
        #expect(learning.check === check, "the check rows after the window get stays the one it started with")
    }
}
