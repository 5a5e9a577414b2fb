/// One rule matching one row: what notice.log reports.
public struct Alert: Sendable {
    public let rule: SigmaRule
    public let record: EventRecord
    /// The fields the rule's condition reads, with the row's values.
    public let evidence: [(field: String, value: String)]
    /// How many matches of this rule for this pair this notice stands for (itself and the
    /// repeats suppressed since the previous notice).
    public var count = 1

    public init(rule: SigmaRule, record: EventRecord) {
        self.rule = rule
        self.record = record
        self.evidence = rule.evidence(record)
    }

    init(rule: SigmaRule, record: EventRecord, evidence: [(field: String, value: String)], count: Int) {
        self.rule = rule
        self.record = record
        self.evidence = evidence
        self.count = count
    }

    /// The row's time in seconds, 0 when it has none.
    public var time: Double { record.value("ts")?.number ?? 0 }

    public var source: String? { record.messageSource }
    public var destination: String? { record.messageDestination }
    public var destinationPort: String? { record.messageDestinationPort }
}
