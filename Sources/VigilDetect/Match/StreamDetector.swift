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

    /// A class: it is read for every row written, and copying a struct of arrays and parsers
    /// retained and released each of them.
    final class Plan {
        let read: Bool
        let fields: [Int]
        /// The probe fields' indices (`RuleSet.probeFields`), or nil.
        let probe: [Int]?
        /// Readers of the row's JSON text for the probe fields and the tested fields.
        let probeParser: JSONRowParser?
        let testedParser: JSONRowParser

        init(read: Bool, fields: [Int], probe: [Int]?, probeParser: JSONRowParser?, testedParser: JSONRowParser) {
            self.read = read
            self.fields = fields
            self.probe = probe
            self.probeParser = probeParser
            self.testedParser = testedParser
        }
    }

    private let wholeParser = JSONRowParser()

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
        let probeFields = rules.probeFields(for: schema.path)
        let probe = probeFields.map { p in schema.fields.indices.filter { p.contains(schema.fields[$0].name) } }
        let plan = Plan(
            read: read, fields: schema.fields.indices.filter { selection.contains(schema.fields[$0].name) }, probe: probe,
            probeParser: probeFields.map { JSONRowParser(fields: $0) }, testedParser: JSONRowParser(fields: selection))
        plans[n] = plan
        return plan
    }

    /// The notices a row raises (none for most rows).
    public func notices(for row: LogRecord) -> [LogRecord] {
        let plan = plan(row.schema)
        // Most rows carry values no rule names: those are done with after a field or two.
        if let probe = plan.probe, !rules.mayMatch(self.record(row, fields: probe)) { return [] }
        var out: [LogRecord] = []
        rules.alerts(
            self.record(row, fields: plan.fields), whole: { self.record(row, fields: Array(row.values.indices)) }, correlator: correlator,
            gate: gate
        ) { out.append(NoticeLog.record($0, suppressFor: gate.suppressFor)) }
        return out
    }

    /// The notices a row raises, read from its JSON text as the log holds it: the probe fields
    /// first, the tested fields if some rule may match, the whole row if one does.
    public func notices(text: UnsafeRawBufferPointer, schema: LogSchema) -> [LogRecord] {
        let plan = plan(schema)
        let log = schema.path
        if let probeParser = plan.probeParser {
            guard let probe = try? probeParser.parse(text, log: log), rules.mayMatch(probe) else { return [] }
        }
        guard let record = try? plan.testedParser.parse(text, log: log) else { return [] }
        var out: [LogRecord] = []
        rules.alerts(record, whole: { (try? wholeParser.parse(text, log: log)) ?? record }, correlator: correlator, gate: gate) {
            out.append(NoticeLog.record($0, suppressFor: gate.suppressFor))
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
