import VigilCore

/// notice.log: Zeek's notice fields (base/frameworks/notice/main.zeek, `Notice::Info`), then
/// Vigil's own: the rule, its level and ATT&CK techniques, the log it read and the evidence.
/// Fields are documented in docs/LOGS.md.
public enum NoticeLog {
    /// The `note` of every rule match: Zeek names notices by type, and rules are told apart by
    /// `rule_id`.
    public static let note = "Sigma::Rule_Match"

    public static let schema = LogSchema(
        path: "notice",
        fields: LogSchema.connectionFields + [
            LogField("fuid", "string"), LogField("file_mime_type", "string"), LogField("file_desc", "string"),
            LogField("proto", "enum"), LogField("note", "enum"), LogField("msg", "string"), LogField("sub", "string"),
            LogField("src", "addr"), LogField("dst", "addr"), LogField("p", "port"), LogField("n", "count"),
            LogField("peer_descr", "string"), LogField("actions", "set[enum]"), LogField("email_dest", "set[string]"),
            LogField("suppress_for", "interval"), LogField("rule_id", "string"), LogField("level", "string"),
            LogField("attack_techniques", "set[string]"), LogField("log", "string"), LogField("evidence", "vector[string]"),
        ])

    public static func record(_ alert: Alert, suppressFor: Double) -> LogRecord {
        let rule = alert.rule
        return row(
            alert.record, note: note, message: rule.title, count: alert.count, suppressFor: .interval(Int64(suppressFor * 1e9)),
            ruleID: rule.id, level: rule.level, techniques: rule.techniques, evidence: alert.evidence.map { "\($0.field)=\($0.value)" })
    }

    /// The fields of a row a notice reports (`row`, and the row's `messageSource` and `messageDestination`).
    public static let reportedFields = [
        "ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "fuid", "proto", "source_h", "destination_h", "destination_p",
        "src", "dst", "p", "host",
    ]

    /// The `note` of a correlation rule's alert.
    public static let correlationNote = "Sigma::Correlation"

    /// A correlation's alert: the row is the match that completed it; `n` is what was counted.
    public static func record(_ hit: Correlator.Hit) -> LogRecord {
        let c = hit.rule
        var evidence = hit.group.map { "\($0.field)=\($0.value)" }
        evidence += ["\(c.kind.rawValue)=\(hit.count)", "matches=\(hit.events)", "window=\(Int(c.timespan))s"]
        return row(
            hit.last, note: correlationNote, message: c.title, count: hit.count, suppressFor: .interval(Int64(c.timespan * 1e9)),
            ruleID: c.id, level: c.level, techniques: c.techniques, evidence: evidence)
    }

    /// A difference from the baseline; `rule_id` is `baseline`. An identity change is high (a
    /// swapped or reflashed device), the others medium.
    public static func record(_ d: BaselineChecker.Deviation) -> LogRecord {
        row(
            d.record, note: d.kind.rawValue, message: d.message, count: d.count, suppressFor: .unset, ruleID: "baseline",
            level: d.kind == .identityChange ? .high : .medium, techniques: [], evidence: d.evidence)
    }

    /// The row of a notice about `r`: its connection, the message's source and destination,
    /// and Vigil's fields.
    private static func row(
        _ r: EventRecord, note: String, message: String, count: Int, suppressFor: LogValue, ruleID: String, level: RuleLevel,
        techniques: [String], evidence: [String]
    ) -> LogRecord {
        var values: [LogValue] = [time(r.value("ts")), text(r, "uid"), text(r, "id.orig_h"), port(r.value("id.orig_p"))]
        values += [text(r, "id.resp_h"), port(r.value("id.resp_p")), text(r, "fuid"), .unset, .unset, text(r, "proto")]
        values += [.string(note), .string(message), .string(r.log + ": " + evidence.joined(separator: ", "))]
        values += [address(r.messageSource), address(r.messageDestination), port(r.messageDestinationPort.map { FieldValue.number($0) })]
        values += [LogValue.count(count), .unset, .strings(["Notice::ACTION_LOG"]), .unset, suppressFor]
        values += [.string(ruleID), .string(level.rawValue), .strings(techniques), .string(r.log)]
        values.append(.strings(evidence))
        return LogRecord(schema, values)
    }

    private static func address(_ s: String?) -> LogValue { s.map { .string($0) } ?? .unset }

    private static func text(_ r: EventRecord, _ field: String) -> LogValue { r.text(field).map { .string($0) } ?? .unset }

    private static func port(_ v: FieldValue?) -> LogValue {
        guard let s = v?.text, let p = UInt16(s) else { return .unset }
        return .port(p)
    }

    /// A log's `ts` (seconds with up to nine decimals) as a timestamp, digit for digit.
    static func time(_ v: FieldValue?) -> LogValue {
        guard let s = v?.text else { return .unset }
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let seconds = Int64(parts[0]), seconds >= 0 else { return .unset }
        var nanos: Int64 = 0
        if parts.count == 2 {
            let digits = String(parts[1].prefix(9).filter(\.isNumber))
            nanos = (Int64(digits) ?? 0) * Int64(pow10(9 - digits.count))
        }
        return .time(Timestamp(seconds: seconds, nanos: nanos))
    }

    private static func pow10(_ n: Int) -> Int { (0..<n).reduce(1) { r, _ in r * 10 } }
}
