/// A CSAF advisory reduced to what matching needs: each product the product tree names, and
/// each vulnerability with the status, score and remedy it gives per product.
public struct Advisory: Sendable, Equatable {
    /// `/document/tracking/id`, for example ICSA-23-222-09.
    public var id: String
    /// `/document/tracking/version` and current release date: a new revision replaces the old.
    public var revision: String
    public var title: String
    public var publisher: String
    public var released: String
    public var products: [AdvisoryProduct]
    public var vulnerabilities: [AdvisoryVulnerability]
}

/// One leaf of a CSAF product tree: vendor, families, product name and the versions concerned.
public struct AdvisoryProduct: Sendable, Equatable {
    public var productID: String
    public var vendor: String
    public var families: [String]
    public var name: String
    /// The `product_version` or `product_version_range` branch name, when there is one.
    public var versionText: String?
    public var versionIsRange: Bool
    public var modelNumbers: [String]
    public var cpe: String?
    public var fullName: String

    /// Which versions the entry covers; a product named without a version branch is every version.
    public var versions: VersionRange {
        guard let versionText else { return .everyVersion }
        return VersionRangeParser.parse(versionText, isRange: versionIsRange)
    }
}

/// How an advisory says a product stands towards one vulnerability (CSAF 3.2.3.9).
public enum ProductStatus: String, Sendable, Comparable {
    /// known_affected, first_affected, last_affected.
    case affected
    /// fixed, first_fixed.
    case fixed
    /// known_not_affected.
    case notAffected = "not_affected"

    public static func < (a: ProductStatus, b: ProductStatus) -> Bool { a.rawValue < b.rawValue }
}

public struct CVSSScore: Sendable, Equatable {
    public var base: Double
    public var vector: String
}

public struct Remediation: Sendable, Equatable {
    /// vendor_fix, mitigation, workaround, none_available, no_fix_planned.
    public var category: String
    public var details: String
    public var url: String?
    public var productIDs: [String]
}

public struct AdvisoryVulnerability: Sendable, Equatable {
    /// The CVE id; CSAF allows a vulnerability without one.
    public var cve: String?
    public var title: String?
    public var statuses: [String: ProductStatus]
    public var scores: [String: CVSSScore]
    public var remediations: [Remediation]
}

extension Advisory {
    /// Flattens a decoded document: each branch path down to a product becomes one entry.
    init(_ doc: CSAFSchema.Document) {
        let t = doc.document.tracking
        id = t.id
        revision = t.version + "@" + t.current_release_date
        title = doc.document.title
        publisher = doc.document.publisher.name
        released = t.current_release_date
        var products: [AdvisoryProduct] = []
        func walk(_ branches: [CSAFSchema.Branch], _ path: AdvisoryProduct) {
            for b in branches {
                var p = path
                switch b.category {
                case "vendor": p.vendor = b.name
                case "product_family": p.families.append(b.name)
                case "product_name": p.name = b.name
                case "product_version": (p.versionText, p.versionIsRange) = (b.name, false)
                case "product_version_range": (p.versionText, p.versionIsRange) = (b.name, true)
                default: break
                }
                if let leaf = b.product { products.append(p.with(leaf)) }
                if let more = b.branches { walk(more, p) }
            }
        }
        let empty = AdvisoryProduct(
            productID: "", vendor: "", families: [], name: "", versionText: nil, versionIsRange: false, modelNumbers: [], cpe: nil,
            fullName: "")
        walk(doc.product_tree?.branches ?? [], empty)
        for f in doc.product_tree?.full_product_names ?? [] { products.append(empty.with(f)) }
        // A relationship's product is its component as installed somewhere: it is matched as
        // that component.
        for r in doc.product_tree?.relationships ?? [] {
            if let component = products.first(where: { $0.productID == r.product_reference }) {
                var p = component.with(r.full_product_name)
                p.modelNumbers = component.modelNumbers + p.modelNumbers
                products.append(p)
            }
        }
        self.products = products
        vulnerabilities = (doc.vulnerabilities ?? []).map(AdvisoryVulnerability.init)
    }
}

extension AdvisoryProduct {
    func with(_ leaf: CSAFSchema.FullProductName) -> AdvisoryProduct {
        var p = self
        p.productID = leaf.product_id
        p.fullName = leaf.name
        if p.name.isEmpty { p.name = leaf.name }
        p.modelNumbers = leaf.product_identification_helper?.model_numbers ?? []
        p.cpe = leaf.product_identification_helper?.cpe
        return p
    }
}

extension AdvisoryVulnerability {
    init(_ v: CSAFSchema.Vulnerability) {
        cve = v.cve
        title = v.title
        var statuses: [String: ProductStatus] = [:]
        let s = v.product_status
        // The most cautious reading wins when an advisory lists a product twice.
        for (ids, status) in [
            (s?.known_not_affected, ProductStatus.notAffected), (s?.fixed, .fixed), (s?.first_fixed, .fixed),
            (s?.known_affected, .affected), (s?.first_affected, .affected), (s?.last_affected, .affected),
        ] {
            for id in ids ?? [] { statuses[id] = status }
        }
        self.statuses = statuses
        var scores: [String: CVSSScore] = [:]
        for score in v.scores ?? [] {
            guard let cvss = score.cvss_v3 ?? score.cvss_v2 else { continue }
            for id in score.products where (scores[id]?.base ?? -1) < cvss.baseScore {
                scores[id] = CVSSScore(base: cvss.baseScore, vector: cvss.vectorString)
            }
        }
        self.scores = scores
        remediations = (v.remediations ?? []).map {
            Remediation(category: $0.category, details: $0.details, url: $0.url, productIDs: $0.product_ids ?? [])
        }
    }
}
