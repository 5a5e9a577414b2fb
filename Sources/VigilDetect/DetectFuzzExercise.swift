import VigilCore
import VigilLogs

/// What the FuzzDetect target runs on each input, and the tests replay: the first byte picks a
/// reader (a Sigma rule, JSON log rows, a TSV log, or JSON rows of the OT logs a baseline
/// reads in place), the rest is its input; whatever loads is evaluated and turned into
/// notices or baseline differences.
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
        switch mode % 4 {
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
        case 3:
            baseline(rest)
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

    /// The logs a baseline reads in place, with their fields in the order rows hold them.
    static let baselineSchemas: [LogSchema] = {
        let pair = ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p"]
        let logs: [(String, [String])] = [
            ("conn", ["proto", "service"]), ("modbus", ["func", "pdu_type"]),
            ("modbus_detailed", ["unit", "func", "address", "quantity", "request_values", "response_values"]),
            ("bacnet_property", ["is_orig", "source_h", "pdu_service", "object_type", "instance_number", "property", "value"]),
            ("dnp3_control", ["is_orig", "block_type", "function_code", "index_number"]),
            ("cip", ["direction", "cip_service", "class_id", "class_name", "instance_id"]),
            (
                "s7comm_variables",
                ["is_orig", "function_name", "area", "db_number", "address", "bit", "transport_size", "count", "return_code", "data"]
            ),
            ("iec104", ["is_orig", "asdu.info_obj_type", "asdu.cause_tx", "asdu.common_address", "asdu.info_obj_addrs", "asdu.values"]),
        ]
        return logs.map { log, fields in LogSchema(path: log, fields: (pair + fields).map { LogField($0, "string") }) }
    }()

    /// A baseline with pairs, writes (Modbus, IEC 104, S7), periods and points on 10.0.0.1,
    /// learned from rows.
    static let learned: Baseline = {
        var learner = BaselineLearner()
        let parser = JSONRowParser()
        let id = #""id.orig_h":"10.0.0.2","id.orig_p":40000,"id.resp_h":"10.0.0.1""#
        for i in 0..<6 {
            let rows = [
                (#"{"ts":\#(i).5,"uid":"C1",\#(id),"id.resp_p":502,"func":"READ_HOLDING_REGISTERS","pdu_type":"REQ"}"#, "modbus"),
                (
                    #"{"ts":\#(i).5,"uid":"C1",\#(id),"id.resp_p":502,"unit":1,"func":"READ_HOLDING_REGISTERS","address":40,"quantity":2,"response_values":[\#(i),7]}"#,
                    "modbus_detailed"
                ),
                (
                    #"{"ts":\#(i).5,"uid":"C1",\#(id),"id.resp_p":502,"unit":1,"func":"WRITE_SINGLE_REGISTER","address":\#(i),"quantity":1}"#,
                    "modbus_detailed"
                ),
                (
                    #"{"ts":\#(i).5,"uid":"C2",\#(id),"id.resp_p":47808,"is_orig":false,"pdu_service":"read-property-ack","object_type":"analog-input","instance_number":3,"property":"present-value","value":"2\#(i).5"}"#,
                    "bacnet_property"
                ),
                (
                    #"{"ts":\#(i).5,"uid":"C3",\#(id),"id.resp_p":2404,"is_orig":true,"asdu.info_obj_type":"C_SC_NA_1","asdu.cause_tx":"act","asdu.common_address":10,"asdu.info_obj_addrs":[\#(i + 2)],"asdu.values":["1"]}"#,
                    "iec104"
                ),
                (
                    #"{"ts":\#(i).5,"uid":"C4",\#(id),"id.resp_p":102,"is_orig":true,"function_name":"Write Variable","area":"DB","db_number":5,"address":\#(i * 2),"transport_size":"WORD","count":1}"#,
                    "s7comm_variables"
                ),
            ]
            for (row, log) in rows { if let r = try? parser.parse(row, log: log) { learner.learn(r) } }
        }
        return learner.finished(from: ["fuzz"])
    }()

    /// Rows of the OT logs, the nth line as the nth schema's (in turn), checked in place and
    /// read whole against `learned`.
    static func baseline(_ bytes: UnsafeRawBufferPointer) {
        let stream = StreamBaseline(learned, maxSeen: 8)
        var checker = BaselineChecker(learned)
        let parser = JSONRowParser()
        for (n, line) in bytes.split(separator: 0x0A).enumerated() {
            let row = UnsafeRawBufferPointer(rebasing: line)
            let schema = baselineSchemas[n % baselineSchemas.count]
            stream.observe(text: row, fieldStarts: nil, schema: schema)
            if let record = try? parser.parse(row, log: schema.path) { _ = checker.check(record) }
        }
        _ = checker.withValueExtents([]) + checker.periodChanges()
        for d in StreamBaseline.deviations([stream], identities: [:]) { _ = NoticeLog.record(d) }
    }
}
