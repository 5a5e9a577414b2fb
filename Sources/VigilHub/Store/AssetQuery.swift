/// What the dashboard's asset table asks for: a search, filters, an order and a page.
public struct AssetQuery: Sendable, Equatable {
    public enum Order: String, CaseIterable, Sendable {
        case name, address, level, vendor, model, firmware
        case firstSeen = "first_seen"
        case lastSeen = "last_seen"
        case vulnerabilities

        /// The SQL ordering; ties fall back to the key so pages never overlap.
        var sql: String {
            switch self {
            case .name: "name COLLATE NOCASE, key"
            case .address: "addresses, key"
            case .level: "level IS NULL, level, key"
            case .vendor: "vendor IS NULL, vendor COLLATE NOCASE, key"
            case .model: "model IS NULL, model COLLATE NOCASE, key"
            case .firmware: "firmware IS NULL, firmware, key"
            case .firstSeen: "first_seen, key"
            case .lastSeen: "last_seen DESC, key"
            case .vulnerabilities: "vulnerabilities DESC, key"
            }
        }
    }

    public var search = ""
    /// A Purdue band's name (`control`, …; `unclassified` for no level).
    public var band: String?
    public var zone: String?
    public var role: String?
    public var `protocol`: String?
    public var sensor: String?
    public var order = Order.address
    public var page = 0
    public var pageSize = 100

    public init() {}
}
