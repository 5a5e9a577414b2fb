/// One row of the asset table.
public struct AssetRow: Sendable {
    public var key: String
    public var name: String
    public var addresses: [String]
    public var mac: String?
    public var vendor: String?
    public var model: String?
    public var firmware: String?
    public var level: Int?
    public var type: String?
    public var roles: [String]
    public var protocols: [String]
    public var sensors: [String]
    public var firstSeen: Double?
    public var lastSeen: Double?
    public var vulnerabilities: Int
    public var alerts: Int
}
