/// The parts of an NVD CVE API 2.0 record (`vulnerabilities[].cve`, schema
/// cve_api_json_2.0) that matching reads. Property names are the schema's own, so that a
/// decoding error's path is the JSON pointer of the field at fault.
enum NVDSchema {
    /// An API response page: `{"vulnerabilities": [{"cve": {...}}, ...]}`.
    struct Response: Decodable {
        let vulnerabilities: [Item]
    }

    struct Item: Decodable {
        let cve: CVE
    }

    struct CVE: Decodable {
        let id: String
        let lastModified: String
        let vulnStatus: String?
        let descriptions: [Description]
        let metrics: Metrics?
        let configurations: [Configuration]?
    }

    struct Description: Decodable {
        let lang: String
        let value: String
    }

    struct Metrics: Decodable {
        let cvssMetricV40: [Metric]?
        let cvssMetricV31: [Metric]?
        let cvssMetricV30: [Metric]?
        let cvssMetricV2: [Metric]?
    }

    struct Metric: Decodable {
        let source: String
        let type: String
        let cvssData: CVSSData
    }

    struct CVSSData: Decodable {
        let baseScore: Double
        let vectorString: String
    }

    /// A configuration: nodes joined by `operator` (AND when a firmware is vulnerable only on
    /// some hardware).
    struct Configuration: Decodable {
        let `operator`: String?
        let negate: Bool?
        let nodes: [Node]
    }

    struct Node: Decodable {
        let `operator`: String
        let negate: Bool?
        let cpeMatch: [CPEMatch]
    }

    struct CPEMatch: Decodable {
        let vulnerable: Bool
        let criteria: String
        let versionStartIncluding: String?
        let versionStartExcluding: String?
        let versionEndIncluding: String?
        let versionEndExcluding: String?
    }
}

/// CISA's Known Exploited Vulnerabilities catalog (known_exploited_vulnerabilities_schema.json).
enum KEVSchema {
    struct Catalog: Decodable {
        let catalogVersion: String
        let dateReleased: String
        let vulnerabilities: [Entry]
    }

    struct Entry: Decodable {
        let cveID: String
        let vendorProject: String
        let product: String
        let vulnerabilityName: String
        let dateAdded: String
        let requiredAction: String
        let dueDate: String
        let knownRansomwareCampaignUse: String?
    }
}
