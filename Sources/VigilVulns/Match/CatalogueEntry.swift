import Foundation

/// One product an advisory or CVE record names, prepared for matching: its vendor in the one
/// spelling, its order numbers and model words, and the CVEs it carries with their status.
struct CatalogueEntry: Sendable {
    struct Concern: Sendable {
        var cve: String
        var status: ProductStatus
        var title: String
        var score: CVSSScore?
        var remediation: String?
    }

    /// The advisory id, or "NVD".
    var source: String
    var vendor: String
    /// The words of the product name (families first), upper case.
    var words: [String]
    /// The same words compact, as model phrases are compared.
    var compactWords: [String]
    /// Order and model numbers, compact.
    var orderNumbers: Set<String>
    /// Words that tell a model apart, compact.
    var modelWords: Set<String>
    var fullName: String
    var versions: VersionRange
    var concerns: [Concern]

    /// An entry that names no model: only a family ("Metasys system").
    var isFamilyOnly: Bool { orderNumbers.isEmpty && modelWords.isEmpty }

    /// The hardware series the entry names ("1756-EN2T Series D", "Series A and B"), if any.
    var series: Set<String> {
        guard let at = words.firstIndex(of: "SERIES") else { return [] }
        var letters = Set<String>()
        for w in words[(at + 1)...] {
            if w == "AND" || w == "&" { continue }
            guard w.count == 1, w.first!.isLetter else { break }
            letters.insert(w)
        }
        return letters
    }

    /// Words that say nothing about which product of a family is meant.
    static let genericWords: Set<String> = [
        "SYSTEM", "SYSTEMS", "PRODUCT", "PRODUCTS", "FAMILY", "SERIES", "ALL", "DEVICES", "DEVICE", "FIRMWARE", "PLATFORM",
    ]

    /// Whether the entry names `family` and nothing narrower: "Metasys system" names the
    /// Metasys family; "Metasys SNE engines" names one product of it.
    func namesOnly(family: String) -> Bool {
        let familyWords = Set(ModelText.words(family).map(ModelText.compact))
        let rest = compactWords.filter { !familyWords.contains($0) && !Self.genericWords.contains($0) && !$0.isEmpty }
        return rest.isEmpty && words.contains { familyWords.contains(ModelText.compact($0)) }
    }

    init(
        source: String, vendor: String, name: String, modelNumbers: [String], fullName: String, versions: VersionRange, concerns: [Concern]
    ) {
        self.source = source
        self.vendor = vendor
        self.fullName = fullName
        self.versions = versions
        self.concerns = concerns
        words = ModelText.words(name)
        compactWords = words.map(ModelText.compact)
        // Numbers in parentheses are order numbers ("CPU 315-2 PN/DP (6ES7315-2EH14-0AB0)").
        var orders = Set(modelNumbers.map(ModelText.compact).filter { !$0.isEmpty })
        for w in words where ModelText.isOrderNumber(ModelText.compact(w)) { orders.insert(ModelText.compact(w)) }
        orderNumbers = orders
        modelWords = Set(words.filter(ModelText.isModelWord).map(ModelText.compact))
    }
}

extension CatalogueEntry {
    /// The entries of one CSAF advisory: one per product that some vulnerability concerns.
    static func entries(of a: Advisory, vendors: VendorNames) -> [CatalogueEntry] {
        var concerns: [String: [Concern]] = [:]
        for v in a.vulnerabilities {
            // Each product's remedy: the vendor's fix, else a mitigation, else anything said.
            var remedies: [String: Remediation] = [:]
            let rank = ["vendor_fix": 0, "mitigation": 1, "workaround": 2]
            for r in v.remediations {
                for id in r.productIDs.isEmpty ? Array(v.statuses.keys) : r.productIDs {
                    if let old = remedies[id], rank[old.category, default: 3] <= rank[r.category, default: 3] { continue }
                    remedies[id] = r
                }
            }
            for (id, status) in v.statuses {
                let remedy = remedies[id]
                concerns[id, default: []].append(
                    Concern(
                        cve: v.cve ?? a.id, status: status, title: v.title ?? a.title, score: v.scores[id],
                        remediation: remedy.map { firstSentence($0.details) + ($0.url.map { " " + $0 } ?? "") }))
            }
        }
        return a.products.compactMap { p in
            guard let c = concerns[p.productID] else { return nil }
            let name = (p.families + [p.name]).joined(separator: " ")
            return CatalogueEntry(
                source: a.id, vendor: vendors.canonical(p.vendor), name: name, modelNumbers: p.modelNumbers, fullName: p.fullName,
                versions: p.versions, concerns: c)
        }
    }

    /// The entries of one NVD record: one per vulnerable CPE match. Platform matches
    /// (`vulnerable: false`, the hardware a firmware runs on) are not entries of their own;
    /// the firmware's CPE names the model in its product.
    static func entries(of r: CVERecord, vendors: VendorNames) -> [CatalogueEntry] {
        var out: [CatalogueEntry] = []
        for conf in r.configurations {
            for node in conf.nodes where !node.negate {
                for m in node.matches where m.vulnerable {
                    guard let cpe = CPEName(m.criteria) else { continue }
                    var product = cpe.productWords
                    if product.hasSuffix(" firmware") { product = String(product.dropLast(" firmware".count)) }
                    out.append(
                        CatalogueEntry(
                            source: "NVD", vendor: vendors.canonical(cpe.vendorWords), name: product, modelNumbers: [],
                            fullName: m.criteria,
                            versions: m.versions,
                            concerns: [Concern(cve: r.id, status: .affected, title: firstSentence(r.description), score: r.score)]))
                }
            }
        }
        return out
    }

    static func firstSentence(_ s: String) -> String {
        let trimmed = s.trimmingWhitespace
        if let end = trimmed.range(of: ". ") { return String(trimmed[..<end.lowerBound]) + "." }
        return trimmed
    }
}
