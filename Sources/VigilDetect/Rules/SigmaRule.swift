/// A Sigma detection rule, loaded and compiled: ready to be tried on rows of the logs it reads.
///
/// A class: every row is tried against several rules, and taking a struct of this many
/// strings and arrays out of the rule list retained and released each of them (a quarter of
/// `vigil detect`'s time in the profile).
public final class SigmaRule: Sendable {
    /// The rule's `id` (a UUID in SigmaHQ's rules); the title when it has none.
    public let id: String
    /// The rule's `name`, by which correlation rules may refer to it.
    public let name: String?
    public let title: String
    public let description: String?
    public let status: String?
    public let author: String?
    public let level: RuleLevel
    public let tags: [String]
    public let falsePositives: [String]
    public let logSource: LogSource
    /// Where the rule was read from, for messages.
    public let file: String
    public let line: Int
    let searches: [SearchIdentifier]
    let condition: Condition

    init(
        id: String, name: String?, title: String, description: String?, status: String?, author: String?, level: RuleLevel, tags: [String],
        falsePositives: [String], logSource: LogSource, file: String, line: Int, searches: [SearchIdentifier], condition: Condition
    ) {
        self.id = id
        self.name = name
        self.title = title
        self.description = description
        self.status = status
        self.author = author
        self.level = level
        self.tags = tags
        self.falsePositives = falsePositives
        self.logSource = logSource
        self.file = file
        self.line = line
        self.searches = searches
        self.condition = condition
    }

    /// ATT&CK technique ids from the `attack.tNNNN[.NNN]` tags, as MITRE writes them (`T0855`).
    public var techniques: [String] { Self.techniques(of: tags) }

    static func techniques(of tags: [String]) -> [String] {
        tags.compactMap { tag in
            let t = tag.lowercased()
            guard t.hasPrefix("attack.t"), t.dropFirst(8).first?.isNumber == true else { return nil }
            return "T" + t.dropFirst(8)
        }
    }

    /// Every field the rule's searches read.
    public var fields: [String] {
        var out: [String] = []
        for s in searches { for f in s.fields where !out.contains(f) { out.append(f) } }
        return out
    }

    /// Whether a keyword search makes the rule read every field of the row.
    public var readsEveryField: Bool { searches.contains { $0.alternatives.contains { $0.contains { $0.field == nil } } } }

    public func matches(_ record: EventRecord) -> Bool {
        condition.evaluate(searches, record)
    }

    /// The fields the condition reads, with the row's values: why the rule fired.
    public func evidence(_ record: EventRecord) -> [(field: String, value: String)] {
        var seen: [String] = []
        for i in condition.searchIndices {
            for f in searches[i].fields where !seen.contains(f) { seen.append(f) }
        }
        return seen.compactMap { f in record.value(f).map { (f, $0.text) } }
    }
}
