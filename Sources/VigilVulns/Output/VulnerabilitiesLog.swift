import VigilCore

/// vulnerabilities.log: one row per device and CVE (fields documented in docs/LOGS.md).
public enum VulnerabilitiesLog {
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

    /// The row of one match; `ts` is when the device was last seen.
    public static func record(_ m: VulnerabilityMatch, ts: Timestamp) -> LogRecord {
        let d = m.device
        let addresses = d.ips.compactMap { IPAddress(parsing: $0) }
        return LogRecord(
            schema,
            [
                .time(ts), addresses.first.map { .addr($0) } ?? .unset, .strings(d.ips), .optional(d.mac),
                .optional(d.vendor?.value), .optional(d.model?.value ?? d.product?.value), .optional(d.firmware?.value), .string(m.cve),
                .string(m.advisory), .strings(m.sources), .string(m.title), .string(m.product), .string(m.affectedVersions),
                .optional(m.fixedVersion), .string(m.confidence.rawValue), .strings(m.evidence), m.score.map { .double($0.base) } ?? .unset,
                .optional(m.score?.vector), .bool(m.knownExploited != nil), .optional(m.knownExploited?.dateAdded),
                .optional(m.knownExploited?.ransomwareUse), .optional(m.remediation),
            ])
    }
}
