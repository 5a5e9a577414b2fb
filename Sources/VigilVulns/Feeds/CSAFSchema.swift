/// The parts of a CSAF 2.0 document (OASIS CSAF v2.0, section 3) that matching reads.
///
/// Property names are the schema's own, so that a decoding error's path is the JSON pointer
/// of the field at fault in the advisory (`/vulnerabilities/3/product_status/known_affected`).
enum CSAFSchema {
    struct Document: Decodable {
        let document: Meta
        let product_tree: ProductTree?
        let vulnerabilities: [Vulnerability]?
    }

    /// 3.2.1 Document Property.
    struct Meta: Decodable {
        let category: String
        let csaf_version: String
        let title: String
        let publisher: Publisher
        let tracking: Tracking
    }

    struct Publisher: Decodable {
        let name: String
        let namespace: String
    }

    /// 3.2.1.12 Tracking: the id and version identify a revision of an advisory.
    struct Tracking: Decodable {
        let id: String
        let version: String
        let initial_release_date: String
        let current_release_date: String
        let status: String
    }

    /// 3.2.2 Product Tree.
    struct ProductTree: Decodable {
        let branches: [Branch]?
        let full_product_names: [FullProductName]?
        let relationships: [Relationship]?
    }

    /// 3.1.2 Branches: a tree whose categories (vendor, product_family, product_name,
    /// product_version, product_version_range, ...) name a product step by step.
    final class Branch: Decodable {
        let category: String
        let name: String
        let branches: [Branch]?
        let product: FullProductName?
    }

    /// 3.1.3 Full Product Name.
    struct FullProductName: Decodable {
        let name: String
        let product_id: String
        let product_identification_helper: IdentificationHelper?
    }

    /// 3.1.3.3 Product Identification Helper (the parts matching uses).
    struct IdentificationHelper: Decodable {
        let cpe: String?
        let model_numbers: [String]?
        let skus: [String]?
    }

    /// 3.2.2.4 Relationships: a product made of another one installed on, or part of, a third.
    struct Relationship: Decodable {
        let category: String
        let full_product_name: FullProductName
        let product_reference: String
        let relates_to_product_reference: String
    }

    /// 3.2.3 Vulnerabilities Property.
    struct Vulnerability: Decodable {
        let cve: String?
        let title: String?
        let product_status: ProductStatus?
        let scores: [Score]?
        let remediations: [Remediation]?
    }

    /// 3.2.3.9 Product Status.
    struct ProductStatus: Decodable {
        let first_affected: [String]?
        let first_fixed: [String]?
        let fixed: [String]?
        let known_affected: [String]?
        let known_not_affected: [String]?
        let last_affected: [String]?
        let recommended: [String]?
        let under_investigation: [String]?
    }

    /// 3.2.3.13 Scores: CVSS per group of products.
    struct Score: Decodable {
        let products: [String]
        let cvss_v3: CVSS?
        let cvss_v2: CVSS?
    }

    struct CVSS: Decodable {
        let baseScore: Double
        let vectorString: String
    }

    /// 3.2.3.12 Remediations.
    struct Remediation: Decodable {
        let category: String
        let details: String
        let url: String?
        let product_ids: [String]?
    }
}
