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
    /// For each log, whether a rule reads it and the indices of the fields rules read: only
    /// those fields become values.
    private var plans = BySchema<Plan>()
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
        /// The probe fields' indices with the values that pick rules, for rows read in place.
        let probeValues: [(index: Int, values: ProbeValues)]?
        /// The indices of the fields an alert reads beyond `fields` (`RuleSet.alertFields`).
        let alerted: [Int]
        /// Reader of the row's JSON text for those fields, for rows not read in place.
        let alertedParser: JSONRowParser

        init(
            read: Bool, fields: [Int], probe: [Int]?, probeParser: JSONRowParser?, testedParser: JSONRowParser,
            probeValues: [(index: Int, values: ProbeValues)]?, alerted: [Int], alertedParser: JSONRowParser
        ) {
            self.read = read
            self.fields = fields
            self.alerted = alerted
            self.alertedParser = alertedParser
            self.probe = probe
            self.probeParser = probeParser
            self.testedParser = testedParser
            self.probeValues = probeValues
        }
    }

    public init(rules: RuleSet, gate: AlertGate, correlator: Correlator? = nil) {
        self.rules = rules
        self.gate = gate
        self.correlator = correlator
    }

    public func reads(_ schema: LogSchema) -> Bool { plan(schema).read }

    private func plan(_ schema: LogSchema) -> Plan { plans.value(for: schema) { makePlan(schema) } }

    private func makePlan(_ schema: LogSchema) -> Plan {
        let read = schema.path != NoticeLog.schema.path && rules.reads(schema.path)
        let selection = rules.fields(for: schema.path)
        let probeFields = rules.probeFields(for: schema.path)
        let probe = probeFields.map { p in schema.fields.indices.filter { p.contains(schema.fields[$0].name) } }
        let probeValues = rules.probeValues(for: schema.path).map { list in
            list.compactMap { p in schema.fields.firstIndex { $0.name == p.field }.map { (index: $0, values: p) } }
        }
        let fields = schema.fields.indices.filter { selection.contains(schema.fields[$0].name) }
        let alerted = rules.alertFields(for: schema.path)
        return Plan(
            read: read, fields: fields, probe: probe, probeParser: probeFields.map { JSONRowParser(fields: $0) },
            testedParser: JSONRowParser(fields: selection), probeValues: probeValues,
            alerted: schema.fields.indices.filter { !fields.contains($0) && alerted.contains(schema.fields[$0].name) },
            alertedParser: JSONRowParser(fields: alerted))
    }

    /// The notices a row raises (none for most rows).
    public func notices(for row: LogRecord) -> [LogRecord] {
        let plan = plan(row.schema)
        // Most rows carry values no rule names: those are done with after a field or two.
        if let probe = plan.probe, !rules.mayMatch(self.record(row, fields: probe)) { return [] }
        var out: [LogRecord] = []
        rules.alerts(
            self.record(row, fields: plan.fields), alerted: { self.record(row, fields: plan.fields + plan.alerted) },
            correlator: correlator,
            gate: gate
        ) { out.append(NoticeLog.record($0, suppressFor: gate.suppressFor)) }
        return out
    }

    /// The notices a row raises, read from its JSON text as the log holds it: the probe fields
    /// first, the tested fields if some rule may match, the fields an alert reports if one
    /// does (never the whole row). With `fieldStarts` (where the writer put each value) the
    /// fields are read where they are; without, they are searched for.
    public func notices(text: UnsafeRawBufferPointer, fieldStarts: RowFieldStarts? = nil, schema: LogSchema) -> [LogRecord] {
        let plan = plan(schema)
        let log = schema.path
        let record: EventRecord
        if let fieldStarts {
            if plan.probeValues != nil, !mayPickSomeRule(plan, text, fieldStarts, schema) { return [] }
            guard let tested = self.record(text, fieldStarts, plan.fields, schema) else { return [] }
            record = tested
        } else {
            if let probeParser = plan.probeParser {
                guard let probe = try? probeParser.parse(text, log: log), rules.mayMatch(probe) else { return [] }
            }
            guard let tested = try? plan.testedParser.parse(text, log: log) else { return [] }
            record = tested
        }
        let alerted = {
            if let fieldStarts { return self.record(text, fieldStarts, plan.alerted, schema, adding: record) ?? record }
            return (try? plan.alertedParser.parse(text, log: log)) ?? record
        }
        var out: [LogRecord] = []
        rules.alerts(record, alerted: alerted, correlator: correlator, gate: gate) {
            out.append(NoticeLog.record($0, suppressFor: gate.suppressFor))
        }
        return out
    }

    /// Where field `i`'s value begins in a row's text: where its writer noted it, or found by
    /// its name in a block of fields copied in one piece. Nil when the row leaves it unset.
    private func valueStart(_ text: UnsafeRawBufferPointer, _ starts: RowFieldStarts, _ i: Int, _ schema: LogSchema) -> Int? {
        switch starts.place(i) {
        case .unset: nil
        case .at(let offset): offset
        case .inBlock: JSONRowParser.valueStart(keyPattern: Array("\"\(schema.fields[i].name)\":".utf8), in: text)
        }
    }

    /// Whether some probe field's value picks a rule: compared where it lies when it is a
    /// plain scalar, read first otherwise. The probes are used in place (`probe[k].values`),
    /// not copied out: a copy retained and released its arrays, for every row.
    private func mayPickSomeRule(_ plan: Plan, _ text: UnsafeRawBufferPointer, _ starts: RowFieldStarts, _ schema: LogSchema) -> Bool {
        guard let probe = plan.probeValues else { return true }
        for k in probe.indices {
            guard let start = valueStart(text, starts, probe[k].index, schema) else { continue }
            if let scalar = JSONRowParser.plainScalar(in: text, at: start) {
                if probe[k].values.contains(scalar) { return true }
            } else if let value = try? parser.value(in: text, at: start), probe[k].values.contains(value) {
                return true
            }
        }
        return false
    }

    /// Fields `fields` of a row's text, each read where its writer noted it, after those of
    /// `adding`.
    private func record(
        _ text: UnsafeRawBufferPointer, _ starts: RowFieldStarts, _ fields: [Int], _ schema: LogSchema, adding: EventRecord? = nil
    ) -> EventRecord? {
        var record = adding ?? EventRecord(log: schema.path, capacity: fields.count)
        for i in fields {
            guard let at = valueStart(text, starts, i, schema) else { continue }
            guard let value = try? parser.value(in: text, at: at) else { return nil }
            record.append(schema.fields[i].name, value)
        }
        return record
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
