import VigilCore
import VigilLogs

/// Rules evaluated on rows as a pipeline writes them (`vigil analyze`, `vigil sensor`): one per
/// worker, all sharing one `AlertGate`.
///
/// A row reaches the rules as the same JSON text the log file holds, read back by the parser
/// `vigil detect` uses: a rule matches a row during analysis exactly when it matches that
/// row in the written log. Only logs some rule reads are encoded and read back.
public final class StreamDetector {
    public let rules: RuleSet
    public let gate: AlertGate
    public let correlator: Correlator?
    /// Whether a rule reads each schema, by `LogSchema.number` (no hashing per row).
    private var reads: [Bool?] = []
    private var text: [UInt8] = []
    private let parser = JSONRowParser()

    public init(rules: RuleSet, gate: AlertGate, correlator: Correlator? = nil) {
        self.rules = rules
        self.gate = gate
        self.correlator = correlator
    }

    public func reads(_ schema: LogSchema) -> Bool {
        let n = schema.number
        if n < reads.count, let known = reads[n] { return known }
        if n >= reads.count { reads += [Bool?](repeating: nil, count: n + 1 - reads.count) }
        let answer = schema.path != NoticeLog.schema.path && rules.reads(schema.path)
        reads[n] = answer
        return answer
    }

    /// The notices a row raises (none for most rows).
    public func notices(for row: LogRecord) -> [LogRecord] {
        text.removeAll(keepingCapacity: true)
        ZeekJSONEncoder.encode(row, into: &text)
        guard let record = try? text.withUnsafeBytes({ try parser.parse($0, log: row.schema.path) }) else { return [] }
        var out: [LogRecord] = []
        rules.evaluate(record) { rule in
            guard correlator?.observe(rule, record) ?? true else { return }
            if let alert = gate.admit(Alert(rule: rule, record: record)) {
                out.append(NoticeLog.record(alert, suppressFor: gate.suppressFor))
            }
        }
        return out
    }
}
