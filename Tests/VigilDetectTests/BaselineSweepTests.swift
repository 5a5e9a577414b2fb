import Testing

@testable import VigilDetect

/// A client reaching many addresses the baseline does not know (a scan, a sweep) is named
/// pair by pair for its first `pairsNamedPerClient` pairs, then counted into one notice.
@Suite struct BaselineSweepTests {
    static let scanner = "10.9.9.9"
    static let named = BaselineChecker.pairsNamedPerClient

    /// The scanner's conn.log rows to `count` addresses of 10.20.0.0/16 on port 502, one a
    /// second from `ts`.
    static func scan(_ count: Int, from first: Int = 0, ts: Double = 10) -> [EventRecord] {
        (first..<(first + count)).map { i in
            BaselineTests.conn(scanner, "10.20.\(i / 250).\(i % 250 + 1)", 502, service: "", ts: ts + Double(i - first))
        }
    }

    @Test func aScanIsOneNoticeAfterItsFirstPairs() throws {
        var checker = BaselineChecker(BaselineTests.learned)
        let rows = Self.scan(Self.named + 500)
        let named = rows.flatMap { checker.check($0) }
        #expect(named.filter { $0.kind == .newPair }.count == Self.named)
        #expect(named.filter { $0.kind == .newAsset }.count == Self.named + 1, "the scanner and the servers of its named pairs")
        // A function on a counted pair is part of the sweep; another client's new pair is not.
        #expect(checker.check(BaselineTests.modbus(Self.scanner, "10.20.1.1", "REPORT_SLAVE_ID")).isEmpty)
        #expect(checker.check(BaselineTests.conn("10.0.0.2", "10.20.1.1", 502, service: "modbus")).map(\.kind) == [.newPair])
        // The learned pair, reached by the scanner's client address, is still normal.
        #expect(checker.check(BaselineTests.conn("10.0.0.2", "10.0.0.1", 502, service: "modbus")).isEmpty)

        let sweeps = checker.sweepSummaries()
        #expect(sweeps.count == 1)
        let sweep = try #require(sweeps.first)
        #expect(sweep.kind == .sweep && sweep.count == 500)
        #expect(sweep.evidence.contains("pairs=500"))
        // 10.20.1.1 was first named by the scan, so the other client's row does not name it again.
        #expect(sweep.evidence.contains("devices=500"))
        #expect(sweep.evidence.contains("ports=502"))
        #expect(sweep.evidence.contains("last=\(String(format6: rows.last!.value("ts")!.number!))"))
        #expect(sweep.record.text("id.resp_h") == rows[Self.named].text("id.resp_h"), "the first pair counted")
        let notice = NoticeLog.record(sweep)
        #expect(notice.value("note")?.text == "Baseline::Sweep")
        guard case .count(let n) = notice.value("n") else {
            Issue.record("n is not a count")
            return
        }
        #expect(n == 500)
        #expect(checker.sweepSummaries().isEmpty, "reported once")
    }

    @Test func aLiveSensorNamesWhatWasCountedSinceItLastAsked() {
        var checker = BaselineChecker(BaselineTests.learned)
        for r in Self.scan(Self.named + 30) { _ = checker.check(r) }
        #expect(checker.sweepSummaries().map(\.count) == [30])
        // The sweep goes on: the scanner's new pairs are counted, none named one by one.
        let later = Self.scan(40, from: Self.named + 30, ts: 1000).flatMap { checker.check($0) }
        #expect(later.isEmpty)
        #expect(checker.sweepSummaries().map(\.count) == [40])
    }

    @Test func aPortSweepListsItsFirstPorts() throws {
        var checker = BaselineChecker(BaselineTests.learned)
        let ports = Array(1...(Self.named + 100))
        for p in ports { _ = checker.check(BaselineTests.conn(Self.scanner, "10.0.0.1", p, service: "")) }
        let sweep = try #require(checker.sweepSummaries().first)
        #expect(sweep.count == 100)
        #expect(sweep.evidence.contains("distinct_ports=100"))
        #expect(sweep.evidence.contains("devices=0"), "the learned server is not a new device")
        let listed = ports.dropFirst(Self.named).prefix(BaselineSweep.portsListed).map(String.init).joined(separator: ",")
        #expect(sweep.evidence.contains("ports=\(listed),…"))
    }

    @Test func acceptingLeavesASweepOut() {
        var checker = BaselineChecker(BaselineTests.learned)
        let named = Self.scan(Self.named + 5).flatMap { checker.check($0) }
        var acceptance = BaselineAcceptance(BaselineTests.learned)
        for d in named + checker.sweepSummaries() { acceptance.accept(BaselineTests.noticeRow(d)) }
        #expect(acceptance.accepted == named.count, "the named differences are accepted, the sweep is not")
        #expect(acceptance.baseline.pairs.count == BaselineTests.learned.pairs.count + Self.named)
    }
}
