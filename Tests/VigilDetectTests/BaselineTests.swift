import Foundation
import Testing

@testable import VigilDetect

/// Learning a baseline from rows, then naming what differs: a new device, a new pair, a new
/// function on a known pair, a changed identity; and nothing for rows like the learned ones.
@Suite struct BaselineTests {
    static func conn(_ src: String, _ dst: String, _ port: Int, service: String, ts: Double = 1) -> EventRecord {
        EventRecord(
            log: "conn",
            fields: [
                ("ts", .number(String(ts))), ("id.orig_h", .text(src)), ("id.resp_h", .text(dst)), ("id.resp_p", .number(String(port))),
                ("proto", .text("tcp")), ("service", .text(service)),
            ])
    }

    static func modbus(_ src: String, _ dst: String, _ function: String, request: Bool = true) -> EventRecord {
        EventRecord(
            log: "modbus",
            fields: [
                ("ts", .number("2")), ("id.orig_h", .text(src)), ("id.resp_h", .text(dst)), ("id.resp_p", .number("502")),
                ("func", .text(function)), ("pdu_type", .text(request ? "REQ" : "RESP")),
            ])
    }

    static let learned: Baseline = {
        var learner = BaselineLearner()
        for r in [
            conn("10.0.0.2", "10.0.0.1", 502, service: "modbus"), modbus("10.0.0.2", "10.0.0.1", "READ_HOLDING_REGISTERS"),
            modbus("10.0.0.2", "10.0.0.1", "WRITE_SINGLE_COIL", request: false), conn("10.0.0.2", "10.0.0.9", 53, service: "dns"),
        ] {
            learner.learn(r)
        }
        learner.learnAssets(["10.0.0.1": BaselineAsset(mac: "00:80:f4:00:00:01", vendor: "Schneider", model: "M340", firmware: "3.10")])
        return learner.finished(from: ["normal"])
    }()

    /// A difference as notice.log's row holds it, read back as `vigil baseline accept` reads it.
    static func noticeRow(_ d: BaselineChecker.Deviation) -> EventRecord {
        let notice = NoticeLog.record(d)
        var fields: [(String, FieldValue)] = []
        for (i, f) in notice.schema.fields.enumerated() {
            switch notice.values[i] {
            case .string(let s): fields.append((f.name, .text(s)))
            case .strings(let l): fields.append((f.name, .list(l.map { .text($0) })))
            case .port(let p): fields.append((f.name, .number(String(p))))
            case .count(let n): fields.append((f.name, .number(String(n))))
            default: continue
            }
        }
        return EventRecord(log: "notice", fields: fields)
    }

    @Test func learnsPairsFunctionsAndIdentities() {
        let b = Self.learned
        #expect(b.pairs.map { "\($0.client)>\($0.server):\($0.port)" } == ["10.0.0.2>10.0.0.1:502", "10.0.0.2>10.0.0.9:53"])
        #expect(b.pairs[0].functions == ["modbus": ["READ_HOLDING_REGISTERS"]], "responses do not count as the client's functions")
        #expect(b.pairs[0].services == ["modbus"])
        #expect(b.assets["10.0.0.1"]?.firmware == "3.10")
        #expect(b.firstSeen == 1 && b.lastSeen == 2)
    }

    @Test func theFileReadsBackEqual() throws {
        let data = try JSONEncoder().encode(Self.learned)
        #expect(try JSONDecoder().decode(Baseline.self, from: data) == Self.learned)
        #expect(String(decoding: data, as: UTF8.self).contains("\"learned_from\""))
    }

    @Test func normalRowsRaiseNothing() {
        var checker = BaselineChecker(Self.learned)
        #expect(checker.check(Self.conn("10.0.0.2", "10.0.0.1", 502, service: "modbus")).isEmpty)
        #expect(checker.check(Self.modbus("10.0.0.2", "10.0.0.1", "READ_HOLDING_REGISTERS")).isEmpty)
        #expect(checker.check(Self.modbus("10.0.0.2", "10.0.0.1", "DIAGNOSTICS", request: false)).isEmpty, "a response is not a request")
        #expect(
            checker.check(Self.conn("fe80::1", "ff02::16", 0, service: "icmp")).filter { $0.kind == .newAsset }.map(\.message) == [
                "New device fe80::1"
            ])
    }

    @Test func aNewHostWritingSetpointsIsNamedOnce() {
        var checker = BaselineChecker(Self.learned)
        let first = checker.check(Self.conn("10.0.0.66", "10.0.0.1", 502, service: "modbus"))
        #expect(first.map(\.kind) == [.newAsset, .newPair])
        #expect(first[1].evidence.contains("client=10.0.0.66"))
        let write = checker.check(Self.modbus("10.0.0.66", "10.0.0.1", "WRITE_SINGLE_REGISTER"))
        #expect(write.map(\.kind) == [.newFunction], "the new pair's functions are named too")
        #expect(write.first?.evidence == ["func=WRITE_SINGLE_REGISTER", "learned="])
        #expect(checker.check(Self.conn("10.0.0.66", "10.0.0.1", 502, service: "modbus")).isEmpty, "named once")
    }

    @Test func aNewFunctionOnAKnownPair() {
        var checker = BaselineChecker(Self.learned)
        let d = checker.check(Self.modbus("10.0.0.2", "10.0.0.1", "WRITE_SINGLE_REGISTER"))
        #expect(d.map(\.kind) == [.newFunction])
        #expect(d.first?.evidence == ["func=WRITE_SINGLE_REGISTER", "learned=READ_HOLDING_REGISTERS"])
        #expect(NoticeLog.record(d[0]).value("note")?.text == "Baseline::New_Function")
        #expect(NoticeLog.record(d[0]).value("src")?.text == "10.0.0.2")
    }

    @Test func acceptedDifferencesAreNotReportedAgain() {
        var checker = BaselineChecker(Self.learned)
        let rows = [
            Self.conn("10.0.0.66", "10.0.0.1", 502, service: "modbus"), Self.modbus("10.0.0.66", "10.0.0.1", "WRITE_SINGLE_REGISTER"),
            Self.modbus("10.0.0.2", "10.0.0.1", "DIAGNOSTICS"),
        ]
        var acceptance = BaselineAcceptance(Self.learned)
        for r in rows {
            for d in checker.check(r) { acceptance.accept(Self.noticeRow(d)) }
        }
        #expect(acceptance.accepted == 4)
        var again = BaselineChecker(acceptance.baseline)
        for r in rows { #expect(again.check(r).isEmpty, "\(r)") }
        let changed = ["10.0.0.1": BaselineAsset(vendor: "Schneider", model: "M340", firmware: "2.90")]
        for d in again.identityChanges(changed, at: 1) {
            let notice = NoticeLog.record(d)
            acceptance.accept(
                EventRecord(
                    log: "notice",
                    fields: [
                        ("note", .text(d.kind.rawValue)), ("id.resp_h", .text("10.0.0.1")),
                        ("evidence", .list(d.evidence.map { .text($0) })), ("log", .text(notice.value("log")?.text ?? "")),
                    ]))
        }
        #expect(acceptance.baseline.assets["10.0.0.1"]?.firmware == "2.90")
    }

    @Test func aReflashedDeviceIsAnIdentityChange() {
        let checker = BaselineChecker(Self.learned)
        let same = checker.identityChanges(["10.0.0.1": BaselineAsset(vendor: "Schneider", model: "M340", firmware: "3.10")], at: 5)
        #expect(same.isEmpty)
        let unknown = checker.identityChanges(["10.0.0.1": BaselineAsset(vendor: "Schneider", model: "M340")], at: 5)
        #expect(unknown.isEmpty, "a field not seen now is not a change")
        let changed = checker.identityChanges(["10.0.0.1": BaselineAsset(vendor: "Schneider", model: "M340", firmware: "2.90")], at: 5)
        #expect(changed.map(\.evidence) == [["firmware: 3.10 → 2.90"]])
        #expect(NoticeLog.record(changed[0]).value("level")?.text == "high")
    }

    /// A learned pair carrying a service or transport it was not learned with is named, once
    /// each; accepting the notice makes it known.
    @Test func aNewProtocolOnAKnownPair() {
        var checker = BaselineChecker(Self.learned)
        let row = Self.conn("10.0.0.2", "10.0.0.1", 502, service: "modbus,http")
        let found = checker.check(row)
        #expect(found.map(\.kind) == [.newProtocol])
        #expect(found.first?.message == "New protocol http on 10.0.0.2 → 10.0.0.1:502")
        #expect(found.first?.evidence == ["service=http", "learned=modbus"])
        #expect(checker.check(row).isEmpty, "named once")
        var udp = Self.conn("10.0.0.2", "10.0.0.1", 502, service: "modbus")
        udp = EventRecord(
            log: "conn",
            fields: [
                ("id.orig_h", .text("10.0.0.2")), ("id.resp_h", .text("10.0.0.1")), ("id.resp_p", .number("502")), ("proto", .text("udp")),
            ])
        #expect(checker.check(udp).map(\.message) == ["New protocol udp on 10.0.0.2 → 10.0.0.1:502"])

        var acceptance = BaselineAcceptance(Self.learned)
        let d = found[0]
        acceptance.accept(
            EventRecord(
                log: "notice",
                fields: [
                    ("note", .text(d.kind.rawValue)), ("id.orig_h", .text("10.0.0.2")), ("id.resp_h", .text("10.0.0.1")),
                    ("id.resp_p", .number("502")), ("evidence", .list(d.evidence.map { .text($0) })),
                ]))
        var again = BaselineChecker(acceptance.baseline)
        #expect(again.check(row).isEmpty)
    }

    static func write(_ function: String, at address: Int, quantity: Int = 1, from client: String = "10.0.0.2") -> EventRecord {
        EventRecord(
            log: "modbus_detailed",
            fields: [
                ("ts", .number("3")), ("id.orig_h", .text(client)), ("id.resp_h", .text("10.0.0.1")), ("id.resp_p", .number("502")),
                ("func", .text(function)), ("address", .number(String(address))), ("quantity", .number(String(quantity))),
            ])
    }

    /// Where each pair writes is learned by table; a write of a learned table outside the
    /// learned addresses is named, once, and accepting it widens the range.
    @Test func aWriteOutsideTheLearnedRange() {
        var learner = BaselineLearner()
        for r in [
            Self.conn("10.0.0.2", "10.0.0.1", 502, service: "modbus"), Self.write("WRITE_SINGLE_REGISTER", at: 10),
            Self.write("WRITE_MULTIPLE_REGISTERS", at: 12, quantity: 4), Self.write("READ_HOLDING_REGISTERS", at: 100, quantity: 10),
        ] {
            learner.learn(r)
        }
        let learned = learner.finished(from: ["normal"])
        #expect(learned.pairs[0].writes == ["holding_registers": [10, 15]], "reads are not writes")

        var checker = BaselineChecker(learned)
        #expect(checker.check(Self.write("WRITE_SINGLE_REGISTER", at: 15)).isEmpty)
        #expect(checker.check(Self.write("WRITE_MULTIPLE_COILS", at: 0, quantity: 8)).isEmpty, "a table never written: a new function")
        let outside = checker.check(Self.write("WRITE_MULTIPLE_REGISTERS", at: 14, quantity: 3))
        #expect(outside.map(\.message) == ["Write to holding_registers 14-16 outside the learned 10-15 on 10.0.0.2 → 10.0.0.1:502"])
        #expect(outside.first?.evidence == ["holding_registers=14-16", "learned=10-15"])
        #expect(checker.check(Self.write("WRITE_MULTIPLE_REGISTERS", at: 14, quantity: 3)).isEmpty, "named once")

        var acceptance = BaselineAcceptance(learned)
        acceptance.accept(
            EventRecord(
                log: "notice",
                fields: [
                    ("note", .text(outside[0].kind.rawValue)), ("id.orig_h", .text("10.0.0.2")), ("id.resp_h", .text("10.0.0.1")),
                    ("id.resp_p", .number("502")), ("evidence", .list(outside[0].evidence.map { .text($0) })),
                ]))
        #expect(acceptance.baseline.pairs[0].writes == ["holding_registers": [10, 16]])
        var again = BaselineChecker(acceptance.baseline)
        #expect(again.check(Self.write("WRITE_MULTIPLE_REGISTERS", at: 14, quantity: 3)).isEmpty)
    }

    /// A baseline file written before write ranges were learned still reads, and compares none.
    @Test func aBaselineWithoutWriteRanges() throws {
        let json =
            #"{"version":1,"learned_from":[],"assets":{},"pairs":[{"client":"10.0.0.2","server":"10.0.0.1","port":502,"protos":["tcp"],"services":["modbus"],"functions":{}}]}"#
        let old = try JSONDecoder().decode(Baseline.self, from: Data(json.utf8))
        #expect(old.pairs[0].writes == nil)
        var checker = BaselineChecker(old)
        #expect(checker.check(Self.write("WRITE_SINGLE_REGISTER", at: 9999)).isEmpty)
    }
}
