import VigilCore

/// One spelling per vendor. Advisories, NVD, the OUI registry and device protocols spell
/// vendors their own ways ("Siemens AG", "Siemens Schweiz AG (Formerly: Cerberus AG)",
/// "Rockwell Automation/Allen-Bradley", "rockwellautomation", "JCI", "Johnson Contols"); the
/// alias table (Resources/vendor-aliases.tsv: canonical name, then its spellings) folds them,
/// after case, punctuation and company-form words are dropped.
public struct VendorNames: Sendable {
    let aliases: [String: String]
    /// Name beginnings (normalised, with a trailing space) that stand for a group's divisions
    /// and national companies (`siemens *` in the table), and the group's name.
    let groupPrefixes: [(prefix: String, canonical: String)]

    /// Company-form words that do not tell vendors apart.
    static let formWords: Set<String> = [
        "inc", "incorporated", "ltd", "limited", "co", "corp", "corporation", "company", "ag", "gmbh", "llc", "sa", "se", "plc",
        "bv", "kg", "the", "group", "holding", "holdings", "technology", "technologies", "pty", "spa", "ab", "oy", "as",
    ]

    public init(aliases: [String: String], groupPrefixes: [(prefix: String, canonical: String)] = []) {
        self.aliases = aliases
        // The longest beginning first, so that a narrower group wins.
        self.groupPrefixes = groupPrefixes.sorted { $0.prefix.count > $1.prefix.count }
    }

    public static func load() throws(VigilCore.VigilError) -> VendorNames {
        var aliases: [String: String] = [:]
        var prefixes: [(prefix: String, canonical: String)] = []
        for row in try ResourceTable.rows("vendor-aliases.tsv") {
            guard let canonical = row.first.map(normalise), !canonical.isEmpty else { continue }
            for spelling in row {
                if spelling.hasSuffix(" *") {
                    prefixes.append((normalise(String(spelling.dropLast(2))) + " ", canonical))
                } else {
                    aliases[normalise(spelling)] = canonical
                }
            }
        }
        return VendorNames(aliases: aliases, groupPrefixes: prefixes)
    }

    /// The vendor's one spelling: lower case, words only, company forms dropped, then aliased.
    public func canonical(_ name: String) -> String {
        let n = Self.normalise(name)
        if let a = aliases[n] { return a }
        if let group = groupPrefixes.first(where: { n.hasPrefix($0.prefix) }) { return group.canonical }
        // "Exacq Technologies, Johnson Controls Inc.": a subsidiary named with its parent.
        for part in name.split(whereSeparator: { $0 == "," || $0 == "/" }) {
            if let a = aliases[Self.normalise(String(part))] { return a }
        }
        return n
    }

    static func normalise(_ name: String) -> String {
        var s = name.lowercased()
        // "(Formerly: Cerberus AG)" and other asides name someone else.
        if let open = s.firstIndex(of: "(") { s = String(s[..<open]) }
        let words = s.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
        return words.filter { !formWords.contains($0) }.joined(separator: " ")
    }
}
