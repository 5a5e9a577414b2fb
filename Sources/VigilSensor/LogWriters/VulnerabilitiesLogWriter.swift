import VigilCore
import VigilEvents

/// vulnerabilities.log: one row per device and CVE each time a match is published (fields in
/// docs/LOGS.md).
public enum VulnerabilitiesLogWriter {
    public static let schema = LogSchema(
        path: "vulnerabilities",
        fields: [
            LogField("ts", "time"), LogField("host", "addr"), LogField("hosts", "set[addr]"), LogField("mac", "string"),
            LogField("vendor", "string"), LogField("model", "string"), LogField("firmware", "string"), LogField("cve", "string"),
            LogField("advisory", "string"), LogField("sources", "set[string]"), LogField("title", "string"),
            LogField("product", "string"), LogField("affected_versions", "string"), LogField("fixed_version", "string"),
            LogField("confidence", "string"), LogField("evidence", "vector[string]"), LogField("cvss_score", "double"),
            LogField("cvss_vector", "string"), LogField("kev", "bool"), LogField("kev_date_added", "string"),
            LogField("kev_ransomware", "string"), LogField("remediation", "string"),
        ])

    public static func record(_ e: VulnerabilityMatchEvent) -> LogRecord {
        LogRecord(
            schema,
            [
                .time(e.ts), e.addresses.lazy.compactMap { IPAddress(parsing: $0) }.first.map { .addr($0) } ?? .unset,
                .strings(e.addresses), .optional(e.mac), .optional(e.vendor), .optional(e.model), .optional(e.firmware),
                .string(e.cve), .string(e.advisory), .strings(e.sources), .string(e.title), .string(e.product),
                .string(e.affectedVersions), .optional(e.fixedVersion), .string(e.confidence), .strings(e.evidence),
                e.cvssScore.map { .double($0) } ?? .unset, .optional(e.cvssVector), .bool(e.kevDateAdded != nil),
                .optional(e.kevDateAdded), .optional(e.kevRansomware), .optional(e.remediation),
            ])
    }
}
