import VigilCore
import VigilLogs

/// What the FuzzDetect target runs on each input, and the tests replay: the first byte picks a
/// reader (a Sigma rule, JSON log rows, or a TSV log), the rest is its input; whatever loads is
/// evaluated and turned into notices.
public enum DetectFuzzExercise {
    /// A rule that reads every kind of value, for the rows the fuzzer writes.
    static let rules: RuleSet = {
        let yaml = """
            title: fuzz
            id: 00000000-0000-4000-8000-00000000f022
            logsource:
                product: zeek
            detection:
                a:
                    func|startswith: WRITE
                    id.orig_h|cidr: 10.0.0.0/8
                b:
                    query|re|i: '^[a-z]+\\.example$'
                    qtype|gte: 1
                c:
                    - evil
                d:
                    topics|contains|all: ['#', '/']
                condition: 1 of them and not d
            """
        return RuleSet(RuleLoader().load(yaml: yaml, file: "fuzz.yml").rules)
    }()

    public static func run(_ bytes: UnsafeRawBufferPointer) {
        guard let mode = bytes.first else { return }
        let rest = UnsafeRawBufferPointer(rebasing: bytes.dropFirst())
        let gate = AlertGate(suppressFor: 60)
        defer { for alert in gate.drain() { _ = NoticeLog.record(alert, suppressFor: gate.suppressFor) } }
        func evaluate(_ record: EventRecord, with rules: RuleSet) {
            rules.evaluate(record) { rule in
                for alert in gate.admit(Alert(rule: rule, record: record)) { _ = NoticeLog.record(alert, suppressFor: gate.suppressFor) }
            }
        }
        let text = String(decoding: rest, as: UTF8.self)
        switch mode % 3 {
        case 0:
            let pack = RuleLoader().load(yaml: text, file: "fuzz.yml")
            let loaded = RuleSet(pack.rules)
            let row = EventRecord(
                log: "test",
                fields: [("ts", .number("1.5")), ("f", .text("abc")), ("n", .number("7")), ("l", .list([.text("x"), .number("2")]))])
            evaluate(row, with: loaded)
            _ = pack.errors.map(\.description)
        case 1:
            let parser = JSONRowParser()
            for line in rest.split(separator: 0x0A) {
                if let record = try? parser.parse(UnsafeRawBufferPointer(rebasing: line), log: "fuzz") { evaluate(record, with: rules) }
            }
        default:
            var header = TSVLogHeader()
            for line in text.split(separator: "\n") {
                if line.hasPrefix("#") {
                    _ = header.read(directive: String(line))
                } else if !header.fields.isEmpty {
                    evaluate(header.record(line, log: header.path ?? "fuzz"), with: rules)
                    // What `vigil ship` sends the hub for the row must always be a JSON object.
                    let json = header.jsonObject(line)
                    precondition((try? JSONRowParser().parse(json, log: "fuzz")) != nil, "not a JSON object: \(json)")
                }
            }
        }
    }
}
