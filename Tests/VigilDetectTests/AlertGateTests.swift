import Foundation
import Testing
import VigilLogs

@testable import VigilDetect

/// Suppression: one notice per rule, address pair and window of `suppressFor` seconds, the
/// same whatever order the matches arrive in.
@Suite struct AlertGateTests {
    static let rule = RuleText.rule("s:\n    func: WRITE\ncondition: s", service: "modbus")

    /// A match at `ts` from `source` to `destination` on connection `uid`.
    static func match(_ ts: Double, _ source: String = "10.0.0.1", _ destination: String = "10.0.0.2", uid: String = "C1") -> Alert {
        Alert(
            rule: rule,
            record: RuleText.row(
                [
                    ("ts", .number(String(ts))), ("uid", .text(uid)), ("id.orig_h", .text(source)), ("id.resp_h", .text(destination)),
                    ("func", .text("WRITE")),
                ], log: "modbus"))
    }

    /// What a gate decides for `matches` fed in this order: (time, uid, count) per notice.
    static func decide(_ matches: [Alert], suppressFor: Double = 3600) -> [String] {
        let gate = AlertGate(suppressFor: suppressFor)
        var out: [Alert] = []
        for m in matches { out += gate.admit(m) }
        out += gate.drain()
        return out.map { "\($0.time) \($0.record.text("uid") ?? "-") \($0.source ?? "-") n=\($0.count)" }
    }

    @Test func oneNoticePerPairAndWindowCarryingTheWindowsCount() {
        let notices = Self.decide([
            Self.match(7210), Self.match(7200), Self.match(10_790), Self.match(10_800),
            Self.match(7300, "10.0.0.9"),
        ])
        // 7200 and 10,790 fall in the window [7200, 10800); 10,800 opens the next one.
        #expect(
            notices == [
                "7200.0 C1 10.0.0.1 n=3", "7300.0 C1 10.0.0.9 n=1", "10800.0 C1 10.0.0.1 n=1",
            ])
    }

    @Test func theSameNoticesWhateverTheOrder() {
        var matches: [Alert] = []
        for i in 0..<200 {
            // Two connections with matches at the same times: the lower uid is the notice.
            let t = Double(1_000 + (i * 97) % 9_000)
            matches.append(Self.match(t, uid: "C\(i % 7)"))
            matches.append(Self.match(t, i % 3 == 0 ? "10.0.0.5" : "10.0.0.1", uid: "C\(i % 5)"))
        }
        let inOrder = Self.decide(matches)
        #expect(inOrder.count > 2)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<10 {
            #expect(Self.decide(matches.shuffled(using: &generator)) == inOrder)
        }
        #expect(Self.decide(matches.reversed()) == inOrder)
    }

    @Test func matchesFromManyThreadsGiveTheSameNotices() async {
        let matches = (0..<4_000).map { Self.match(Double(($0 * 7_919) % 20_000), uid: "C\($0 % 13)") }
        let expected = Self.decide(matches)
        let gate = AlertGate()
        await withTaskGroup(of: Void.self) { group in
            for part in 0..<4 {
                group.addTask { for m in matches[(part * 1_000)..<((part + 1) * 1_000)].reversed() { _ = gate.admit(m) } }
            }
        }
        let got = gate.drain().map { "\($0.time) \($0.record.text("uid") ?? "-") \($0.source ?? "-") n=\($0.count)" }
        #expect(got == expected)
        #expect(gate.tally.notices == expected.count)
        #expect(gate.tally.matches == matches.count)
    }

    @Test func withoutSuppressionEveryMatchIsANoticeAtOnce() {
        let gate = AlertGate(suppressFor: 0)
        #expect(gate.admit(Self.match(5)).count == 1)
        #expect(gate.admit(Self.match(5)).count == 1)
        #expect(gate.drain().isEmpty)
        #expect(gate.tally.notices == 2)
    }

    @Test func aLiveGateWritesTheFirstArrivalOfAWindowAtOnce() {
        let gate = AlertGate(timing: .asMatchesArrive)
        #expect(gate.admit(Self.match(7300)).map(\.time) == [7300])
        #expect(gate.admit(Self.match(7200)).isEmpty)
        #expect(gate.admit(Self.match(10_800)).map(\.count) == [1])
        #expect(gate.drain().isEmpty)
        #expect(gate.tally.notices == 2)
        #expect(gate.tally.matches == 3)
    }

    @Test func aTimeThatIsNoNumberFallsInOneWindow() {
        let rows = [Self.match(.nan), Self.match(.infinity), Self.match(-.infinity)]
        #expect(Self.decide(rows).count == 1)
    }

    /// A held match keeps every field its notice row reads: the notice of a match that waited
    /// in a window is the notice the match would have made at once, field for field.
    @Test func aHeldMatchMakesTheSameNoticeRow() {
        let alert = Alert(
            rule: Self.rule,
            record: RuleText.row(
                [
                    ("ts", .number("7200.25")), ("uid", .text("C1")), ("id.orig_h", .text("10.0.0.1")), ("id.orig_p", .number("40000")),
                    ("id.resp_h", .text("10.0.0.2")), ("id.resp_p", .number("502")), ("fuid", .text("F1")), ("proto", .text("tcp")),
                    ("func", .text("WRITE")), ("unit", .number("7")),
                ], log: "modbus"),
            evidence: [(field: "func", value: "WRITE")], count: 1)
        let direct = NoticeLog.record(alert, suppressFor: 3600)
        let held = NoticeLog.record(HeldMatch(alert).alert(count: 1), suppressFor: 3600)
        #expect(NoticeLog.schema.fields.count > 20)
        for field in NoticeLog.schema.fields.map(\.name) {
            #expect(direct.value(field).map { ZeekTSVEncoder.field($0) } == held.value(field).map { ZeekTSVEncoder.field($0) }, "\(field)")
        }
        #expect(direct.value("id.resp_p").map { ZeekTSVEncoder.field($0) } == "502")
    }
}
