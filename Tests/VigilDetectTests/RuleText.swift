@testable import VigilDetect

/// Rules written inline for the semantics tests.
enum RuleText {
    /// A rule reading `service` whose detection is `detection` (indented YAML).
    static func rule(_ detection: String, service: String = "test", level: String = "medium") -> SigmaRule {
        let pack = RuleLoader().load(yaml: yaml(detection, service: service, level: level), file: "inline.yml")
        precondition(pack.errors.isEmpty, "inline rule refused: \(pack.errors)")
        return pack.rules[0]
    }

    static func yaml(_ detection: String, service: String = "test", level: String = "medium") -> String {
        """
        title: inline
        id: 00000000-0000-4000-8000-000000000001
        level: \(level)
        logsource:
            product: zeek
            service: \(service)
        detection:
        \(detection.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
        """
    }

    static func row(_ fields: [(String, FieldValue)], log: String = "test") -> EventRecord {
        EventRecord(log: log, fields: fields)
    }
}
