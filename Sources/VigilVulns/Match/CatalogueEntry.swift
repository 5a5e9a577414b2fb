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
    /// What the product must run on, from an NVD configuration, when that is not the model itself.
    var platform: Platform?

    /// The other half of an NVD AND configuration (a vulnerable product with `vulnerable: false`
    /// platforms beside it), when the platform is not the product's own hardware.
    enum Platform: Sendable, Equatable {
        /// Vulnerable software on this hardware: the entry is named by the hardware (the model a
        /// device reports), and the software's versions are compared with the software version
        /// the device states, if any.
        case hardware(software: String)
        /// A system the traffic does not show (an operating system, another application): a
        /// match can be likely at most.
        case unseen(String)
    }

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
        source: String, vendor: String, name: String, modelNumbers: [String], fullName: String, versions: VersionRange, concerns: [Concern],
        platform: Platform? = nil
    ) {
        self.source = source
        self.platform = platform
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

    /// The entries of one NVD record (CVE API 2.0 `configurations`).
    ///
    /// Each vulnerable CPE match is an entry. In an AND configuration the `vulnerable: false`
    /// matches are what the product runs on:
    /// - its own hardware (`modicon_m221_firmware` on `modicon_m221`): the model is the
    ///   product, as without a platform;
    /// - other hardware: firmware (part `o`) is that hardware's firmware, and software (part
    ///   `a`) runs on it, so the entry is named by each piece of hardware (`factorytalk_view` on
    ///   `panelview_plus` is an entry for PanelView Plus devices);
    /// - an operating system or application only: the entry keeps the product's name, and
    ///   the platform stays unseen.
    /// A negated node names what the configuration excludes: its matches are entries that say
    /// "not affected", which clear the CVE for a device they match, as a CSAF
    /// known_not_affected product does.
    static func entries(of r: CVERecord, vendors: VendorNames) -> [CatalogueEntry] {
        var out: [CatalogueEntry] = []
        let title = firstSentence(r.description)
        for conf in r.configurations {
            let platforms =
                conf.requiresAll ? conf.nodes.flatMap(\.matches).filter { !$0.vulnerable }.compactMap { CPEName($0.criteria) } : []
            for node in conf.nodes {
                let concern = Concern(cve: r.id, status: node.negate ? .notAffected : .affected, title: title, score: r.score)
                for m in node.matches where m.vulnerable || node.negate {
                    guard let cpe = CPEName(m.criteria) else { continue }
                    func entry(_ named: CPEName, fullName: String, platform: Platform? = nil) -> CatalogueEntry {
                        CatalogueEntry(
                            source: "NVD", vendor: vendors.canonical(named.vendorWords), name: modelName(named), modelNumbers: [],
                            fullName: fullName, versions: m.versions, concerns: [concern], platform: platform)
                    }
                    let others = node.negate ? [] : platforms.filter { modelName($0) != modelName(cpe) }
                    let hardware = others.filter { $0.part == "h" }
                    if others.isEmpty {
                        out.append(entry(cpe, fullName: m.criteria))
                    } else if !hardware.isEmpty {
                        let runsOn: Platform? = cpe.part == "o" ? nil : .hardware(software: cpe.productWords)
                        for h in hardware { out.append(entry(h, fullName: m.criteria + " on " + modelName(h), platform: runsOn)) }
                    } else {
                        let unseen = others.map(\.productWords).joined(separator: ", ")
                        out.append(entry(cpe, fullName: m.criteria + " on " + unseen, platform: .unseen(unseen)))
                    }
                }
            }
        }
        return out
    }

    /// The model a CPE names: its product as words, without the `firmware` NVD appends to a
    /// device's firmware product.
    static func modelName(_ cpe: CPEName) -> String {
        let product = cpe.productWords
        return product.hasSuffix(" firmware") ? String(product.dropLast(" firmware".count)) : product
    }

    static func firstSentence(_ s: String) -> String {
        let trimmed = s.trimmingWhitespace
        if let end = trimmed.range(of: ". ") { return String(trimmed[..<end.lowerBound]) + "." }
        return trimmed
    }
}
