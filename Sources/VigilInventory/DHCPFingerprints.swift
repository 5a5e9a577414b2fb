import VigilCore

/// The operating system a DHCP client runs, told by its vendor class (option 60) or its
/// parameter request list (option 55, RFC 2132 §9.8), by the first matching line of a table
/// kept as data (Resources/dhcp-fingerprints.tsv, documented in docs/LOGS.md). The order of the
/// requested codes is part of the fingerprint: clients differ in it more than in the set.
public struct DHCPFingerprints: Sendable {
    public struct Rule: Sendable, Equatable {
        public enum Match: Sendable, Equatable {
            case vendorClassPrefix(String)
            case parameters([UInt8])
        }

        public var os: String
        public var client: String
        public var match: Match
        public var line: Int
    }

    public let rules: [Rule]

    public init(rules: [Rule]) { self.rules = rules }

    /// Reads a table; the error names the file, line and column at fault.
    public init(table text: String, source: String) throws(VigilError) {
        var rules: [Rule] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("#") || line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func fail(_ why: String) -> VigilError { VigilError(.invalidDocument, "line \(i + 1): \(why)", source: source) }
            guard cols.count >= 3, !cols[0].isEmpty, !cols[1].isEmpty else {
                throw fail("expected os, client, match and source separated by tabs")
            }
            let match: Rule.Match
            if cols[2].hasPrefix("option60 ^ "), cols[2].count > 11 {
                match = .vendorClassPrefix(String(cols[2].dropFirst(11)))
            } else if cols[2].hasPrefix("option55 = ") {
                let codes = cols[2].dropFirst(11).split(separator: ",").map { UInt8($0.filter { $0 != " " }) }
                guard !codes.isEmpty, codes.allSatisfy({ $0 != nil }) else {
                    throw fail("option55 needs option codes 0-255 separated by commas, got \"\(cols[2].dropFirst(11))\"")
                }
                match = .parameters(codes.map { $0! })
            } else {
                throw fail("the match must be \"option60 ^ TEXT\" or \"option55 = N,N,...\", got \"\(cols[2])\"")
            }
            rules.append(Rule(os: cols[0], client: cols[1], match: match, line: i + 1))
        }
        self.rules = rules
    }

    /// The table shipped beside the binary; without it no client is named.
    public static let bundled: DHCPFingerprints = {
        guard let (path, text) = OUIVendors.bundledTable("dhcp-fingerprints.tsv"), let t = try? DHCPFingerprints(table: text, source: path)
        else { return DHCPFingerprints(rules: []) }
        return t
    }()

    /// The operating system and the evidence for it, or nil when no line matches.
    public func identify(vendorClass: String?, parameters: [UInt8]) -> (os: String, evidence: String)? {
        for r in rules {
            switch r.match {
            case .vendorClassPrefix(let p):
                if let v = vendorClass, v.hasPrefix(p) { return (r.os, "dhcp vendor class of \(r.client) (option 60)") }
            case .parameters(let codes):
                if codes == parameters { return (r.os, "dhcp fingerprint of \(r.client) (option 55)") }
            }
        }
        return nil
    }
}
