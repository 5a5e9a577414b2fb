import Foundation

/// What the FuzzVulnFeeds target runs on each input, and the replay test runs on its seeds and
/// crashes: the bytes as a feed document (decoded, checked, turned into catalogue entries and
/// matched against a device), and as text for the version, range and CPE readers.
public enum FeedFuzzExercise {
    static let vendors = VendorNames(aliases: ["jci": "johnson controls"])
    static let families = ProductFamilies(rules: [.init(vendor: "siemens", prefix: "6ES731", family: "SIMATIC S7-300")])
    static let device = DeviceIdentity(
        ips: ["10.0.0.1"], vendor: .init("Siemens", evidence: "fuzz"), product: .init("6ES7 315-2EH14-0AB0", evidence: "fuzz"),
        model: .init("CPU 315-2 PN/DP", evidence: "fuzz"), firmware: .init("V3.2.7", evidence: "fuzz"))

    public static func run(_ bytes: UnsafeRawBufferPointer) {
        let data = Data(bytes)
        if let doc = try? FeedReader.decode(data, path: "fuzz") {
            var feeds = VulnerabilityFeeds()
            switch doc {
            case .advisory(let a): feeds.advisories = [a]
            case .cveRecords(let rs): feeds.records = rs
            case .knownExploited(_, let entries): for e in entries { feeds.knownExploited[e.cve] = e }
            }
            _ = VulnerabilityMatcher(feeds: feeds, vendors: vendors, families: families).matches(for: device)
        }
        let text = String(decoding: data.prefix(512), as: UTF8.self)
        for isRange in [true, false] {
            let range = VersionRangeParser.parse(text, isRange: isRange)
            _ = range.contains(VendorVersion("3.2.7")!)
            _ = range.fixedVersion(for: nil)
        }
        if let v = VendorVersion(text) { _ = v < VendorVersion("1.0")! }
        _ = CPEName(text)
    }
}
