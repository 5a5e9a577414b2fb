/// One rule matching one row: what notice.log reports.
public struct Alert: Sendable {
    /// The rule; nil for the row that completed a correlation (`NoticeLog.record(_:Hit)`).
    let matched: SigmaRule?
    public var rule: SigmaRule { matched! }
    public let record: EventRecord
    /// The fields the rule's condition reads, with the row's values.
    public let evidence: [(field: String, value: String)]
    /// How many matches of this rule for this pair this notice stands for (itself and the
    /// repeats suppressed since the previous notice).
    public var count = 1

    public init(rule: SigmaRule, record: EventRecord) {
        self.init(rule: Optional(rule), record: record)
    }

    init(rule: SigmaRule?, record: EventRecord) {
        self.matched = rule
        self.record = record
        self.evidence = rule?.evidence(record) ?? []
    }

    /// The row's time in seconds, 0 when it has none.
    public var time: Double { record.value("ts")?.number ?? 0 }

    /// Who did it and to whom: the message's own source and destination where the log names
    /// them (ICSNPP's direction block), else the connection's originator and responder.
    public var source: String? { record.text("source_h") ?? record.text("id.orig_h") ?? record.text("src") }
    public var destination: String? { record.text("destination_h") ?? record.text("id.resp_h") ?? record.text("dst") }
    public var destinationPort: String? { record.text("destination_p") ?? record.text("id.resp_p") ?? record.text("p") }
}
