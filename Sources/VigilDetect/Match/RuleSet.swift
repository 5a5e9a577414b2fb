/// Loaded rules indexed by the log they read, so that a row is tried only against the rules
/// for its log, and a log no rule reads costs nothing.
public final class RuleSet: Sendable {
    public let rules: [SigmaRule]
    private let byLog: [String: [Int]]
    /// Rules that name no service read every log.
    private let everyLog: [Int]

    /// The fields each log's rules read, with `extraFields`.
    private let selections: [String: FieldSelection]
    /// The fields of logs only rules that read every log read.
    private let everyLogSelection: FieldSelection
    /// Each log's rules by the field value they require (`RuleIndex`).
    private let indices: [String: RuleIndex]
    private let everyLogIndex: RuleIndex?

    /// `extraFields`: fields read besides the rules' own (correlations' group-by and fields).
    public init(_ rules: [SigmaRule], extraFields: [String] = []) {
        self.rules = rules
        var byLog: [String: [Int]] = [:]
        var everyLog: [Int] = []
        for (i, rule) in rules.enumerated() {
            if let logs = rule.logSource.logs {
                for log in logs { byLog[log, default: []].append(i) }
            } else {
                everyLog.append(i)
            }
        }
        self.byLog = byLog
        self.everyLog = everyLog
        func selection(_ indices: [Int]) -> FieldSelection {
            if indices.contains(where: { rules[$0].readsEveryField }) { return .everything }
            var names = extraFields
            for i in indices { for f in rules[i].fields where !names.contains(f) { names.append(f) } }
            return FieldSelection(all: false, names: names)
        }
        selections = byLog.mapValues { selection($0 + everyLog) }
        everyLogSelection = selection(everyLog)
        indices = byLog.mapValues { RuleIndex(rules, indices: $0 + everyLog) }
        everyLogIndex = everyLog.isEmpty ? nil : RuleIndex(rules, indices: everyLog)
    }

    /// The fields rules read in `log`.
    public func fields(for log: String) -> FieldSelection { selections[log] ?? everyLogSelection }

    /// Whether any rule reads `log`.
    public func reads(_ log: String) -> Bool { !everyLog.isEmpty || byLog[log] != nil }

    /// The logs rules read by name (not counting rules that read every log).
    public var logs: [String] { byLog.keys.sorted() }

    /// Calls `hit` with each rule the row matches, in load order.
    /// The few fields that decide whether any rule can match a row of `log` (`RuleIndex`): a
    /// row whose values there name no rule is done with. Nil when some rule must be tried on
    /// every row of the log.
    public func probeFields(for log: String) -> FieldSelection? {
        guard let index = indices[log] ?? everyLogIndex, let names = index.probeFields else { return nil }
        return FieldSelection(all: false, names: names)
    }

    /// The probe fields of `log` with the values that pick rules (`probeFields`), for checking
    /// a row's values in place; nil when some rule must be tried on every row of the log.
    public func probeValues(for log: String) -> [ProbeValues]? {
        guard let index = indices[log] ?? everyLogIndex, index.probeFields != nil else { return nil }
        return index.byValue.map { ProbeValues(field: $0.field, values: $0.exact.keys.map(\.text), prefixes: $0.prefixes.map(\.prefix)) }
    }

    /// Whether some rule may match a row holding these values of the probe fields.
    public func mayMatch(_ probe: EventRecord) -> Bool {
        guard let index = indices[probe.log] ?? everyLogIndex else { return false }
        return !index.candidates(probe).isEmpty
    }

    /// The fields an alert on a row of `log` reads: those rules test (its evidence, and the
    /// correlations' groups and counted fields) and those its notice reports
    /// (`NoticeLog.reportedFields`). A match reads these, not the whole row.
    public func alertFields(for log: String) -> FieldSelection {
        let tested = fields(for: log)
        if tested.all { return tested }
        return FieldSelection(all: false, names: tested.names + NoticeLog.reportedFields.filter { !tested.names.contains($0) })
    }

    /// The alerts a row raises: each rule it matches feeds the correlations that name it, and
    /// (unless they silence it) passes the gate. `record` holds only the fields rules test;
    /// `alerted` reads the row's `alertFields`, once, on the first match.
    public func alerts(
        _ record: EventRecord, alerted: () -> EventRecord, correlator: Correlator?, gate: AlertGate, _ alert: (Alert) -> Void
    ) {
        var complete: EventRecord?
        evaluate(record) { rule in
            if complete == nil { complete = alerted() }
            let row = complete!
            guard correlator?.observe(rule, row) ?? true else { return }
            for notice in gate.admit(rule, row) { alert(notice) }
        }
    }

    public func evaluate(_ record: EventRecord, _ hit: (SigmaRule) -> Void) {
        guard let index = indices[record.log] ?? everyLogIndex else { return }
        for i in index.candidates(record) where rules[i].matches(record) { hit(rules[i]) }
    }
}
