import VigilCore
import VigilLogs

/// Rules evaluated on rows as a pipeline writes them (`vigil analyze`, `vigil sensor`): one per
/// worker, all sharing one `AlertGate`.
///
/// Each field a rule reads reaches it as the JSON text the log file holds, read back by the
/// parser `vigil detect` uses: a rule matches a row during analysis exactly when it matches
/// that row in the written log. Only the fields rules read, of logs rules read, are encoded and
/// read back.
public final class StreamDetector {
    public let rules: RuleSet
    public let gate: AlertGate
    public let correlator: Correlator?
    /// For each schema (by `LogSchema.number`), whether a rule reads it and the indices of
    /// the fields rules read: no hashing per row, and only those fields become values.
    private var plans: [Plan?] = []
    private var text: [UInt8] = []
    private let parser = JSONRowParser()

    struct Plan {
        let read: Bool
        let fields: [Int]
    }

    public init(rules: RuleSet, gate: AlertGate, correlator: Correlator? = nil) {
        self.rules = rules
        self.gate = gate
        self.correlator = correlator
    }

    public func reads(_ schema: LogSchema) -> Bool { plan(schema).read }

    private func plan(_ schema: LogSchema) -> Plan {
        let n = schema.number
        if n < plans.count, let known = plans[n] { return known }
        if n >= plans.count { plans += [Plan?](repeating: nil, count: n + 1 - plans.count) }
        let read = schema.path != NoticeLog.schema.path && rules.reads(schema.path)
        let selection = rules.fields(for: schema.path)
        let plan = Plan(read: read, fields: schema.fields.indices.filter { selection.contains(schema.fields[$0].name) })
        plans[n] = plan
        return plan
    }

    /// The notices a row raises (none for most rows).
    public func notices(for row: LogRecord) -> [LogRecord] {
        let record = self.record(row, fields: plan(row.schema).fields)
        var out: [LogRecord] = []
        // A match reads the whole row once, for the alert and the correlations.
        var complete: EventRecord?
        rules.evaluate(record) { rule in
            if complete == nil { complete = self.record(row, fields: Array(row.values.indices)) }
            let whole = complete!
            guard correlator?.observe(rule, whole) ?? true else { return }
            if let alert = gate.admit(Alert(rule: rule, record: whole)) {
                out.append(NoticeLog.record(alert, suppressFor: gate.suppressFor))
            }
        }
        return out
    }

    private func record(_ row: LogRecord, fields: [Int]) -> EventRecord {
        var record = EventRecord(log: row.schema.path)
        for i in fields {
            let v = row.values[i]
            if case .unset = v { continue }
            // The value goes through the text the log holds, so that a rule sees here what
            // it sees in the written log.
            text.removeAll(keepingCapacity: true)
            ZeekJSONEncoder.encode(value: v, into: &text)
            guard let value = try? text.withUnsafeBytes({ try parser.parseValue($0) }) else { continue }
            record.append(row.schema.fields[i].name, value)
        }
        return record
    }
}
