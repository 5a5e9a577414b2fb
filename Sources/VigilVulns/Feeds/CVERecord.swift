/// An NVD CVE record reduced to what matching needs: its score and its CPE applicability.
public struct CVERecord: Sendable, Equatable {
    public var id: String
    /// `lastModified`: a newer record replaces the stored one.
    public var lastModified: String
    public var description: String
    public var score: CVSSScore?
    public var configurations: [Configuration]

    /// Nodes joined by AND or OR (CVE API 2.0 `configurations[]`).
    public struct Configuration: Sendable, Equatable {
        public var requiresAll: Bool
        public var nodes: [Node]
    }

    public struct Node: Sendable, Equatable {
        public var requiresAll: Bool
        public var negate: Bool
        public var matches: [CPEMatch]
    }

    /// A `cpeMatch`: a CPE name and, when its version is ANY, the range of versions.
    public struct CPEMatch: Sendable, Equatable {
        public var vulnerable: Bool
        public var criteria: String
        public var startIncluding: String?
        public var startExcluding: String?
        public var endIncluding: String?
        public var endExcluding: String?

        /// The versions concerned: the CPE's own version when it names one, else the range
        /// its start and end fields give, else every version.
        public var versions: VersionRange {
            if let v = CPEName(criteria)?.version {
                return VersionRangeParser.parse("=" + v + (CPEName(criteria)?.update.map { " " + $0 } ?? ""))
            }
            var parts: [String] = []
            if let s = startIncluding { parts.append(">=" + s) }
            if let s = startExcluding { parts.append(">" + s) }
            if let s = endIncluding { parts.append("<=" + s) }
            if let s = endExcluding { parts.append("<" + s) }
            return parts.isEmpty ? .everyVersion : VersionRangeParser.parse(parts.joined(separator: "|"))
        }

        /// The range as NVD states it, for the evidence.
        public var versionText: String {
            var parts: [String] = []
            if let s = startIncluding { parts.append(">=" + s) }
            if let s = startExcluding { parts.append(">" + s) }
            if let s = endIncluding { parts.append("<=" + s) }
            if let s = endExcluding { parts.append("<" + s) }
            return parts.isEmpty ? (CPEName(criteria)?.version ?? "*") : parts.joined(separator: "|")
        }
    }
}

extension CVERecord {
    init(_ c: NVDSchema.CVE) {
        id = c.id
        lastModified = c.lastModified
        description = c.descriptions.first { $0.lang == "en" }?.value ?? c.descriptions.first?.value ?? ""
        // The newest CVSS version present; NVD's own (Primary) score before a CNA's.
        let metrics = c.metrics
        let candidates = [metrics?.cvssMetricV31, metrics?.cvssMetricV30, metrics?.cvssMetricV40, metrics?.cvssMetricV2].compactMap { $0 }
        let chosen = candidates.first { !$0.isEmpty }.flatMap { list in list.first { $0.type == "Primary" } ?? list.first }
        score = chosen.map { CVSSScore(base: $0.cvssData.baseScore, vector: $0.cvssData.vectorString) }
        configurations = (c.configurations ?? []).map { conf in
            Configuration(
                requiresAll: conf.operator == "AND",
                nodes: conf.nodes.map { n in
                    Node(
                        requiresAll: n.operator == "AND", negate: n.negate ?? false,
                        matches: n.cpeMatch.map {
                            CPEMatch(
                                vulnerable: $0.vulnerable, criteria: $0.criteria, startIncluding: $0.versionStartIncluding,
                                startExcluding: $0.versionStartExcluding, endIncluding: $0.versionEndIncluding,
                                endExcluding: $0.versionEndExcluding)
                        })
                })
        }
    }
}

/// One entry of CISA's Known Exploited Vulnerabilities catalog.
public struct KnownExploited: Sendable, Equatable {
    public var cve: String
    public var vendor: String
    public var product: String
    public var name: String
    public var dateAdded: String
    public var dueDate: String
    /// "Known" or "Unknown", as the catalog says.
    public var ransomwareUse: String
    public var requiredAction: String
}

extension KnownExploited {
    init(_ e: KEVSchema.Entry) {
        cve = e.cveID
        vendor = e.vendorProject
        product = e.product
        name = e.vulnerabilityName
        dateAdded = e.dateAdded
        dueDate = e.dueDate
        ransomwareUse = e.knownRansomwareCampaignUse ?? "Unknown"
        requiredAction = e.requiredAction
    }
}
