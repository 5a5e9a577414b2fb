/// Loaded rules indexed by the log they read, so that a row is tried only against the rules
/// for its log, and a log no rule reads costs nothing.
public final class RuleSet: Sendable {
    public let rules: [SigmaRule]
    private let byLog: [String: [Int]]
    /// Rules that name no service read every log.
    private let everyLog: [Int]

    public init(_ rules: [SigmaRule]) {
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
    }

    /// Whether any rule reads `log`.
    public func reads(_ log: String) -> Bool { !everyLog.isEmpty || byLog[log] != nil }

    /// The logs rules read by name (not counting rules that read every log).
    public var logs: [String] { byLog.keys.sorted() }

    /// Calls `hit` with each rule the row matches, in load order.
    public func evaluate(_ record: EventRecord, _ hit: (SigmaRule) -> Void) {
        let candidates = byLog[record.log]
        if candidates == nil && everyLog.isEmpty { return }
        for i in candidates ?? [] where rules[i].matches(record) { hit(rules[i]) }
        for i in everyLog where rules[i].matches(record) { hit(rules[i]) }
    }
}
