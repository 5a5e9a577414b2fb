/// A device on the map, or an address that belongs to no device of the inventory.
public struct MapNode: Sendable, Equatable {
    /// The asset's key (its MAC, else its first address) or, for an address that is no
    /// asset, the address itself.
    public var key: String
    public var label: String
    public var addresses: [String]
    public var band: PurdueBand
    /// The device type from assets.json (`field_controller`, …), or "address".
    public var typeName: String
    public var zone: String
    public var isAsset: Bool
    public var vulnerabilities: Int

    public init(_ asset: AssetDocument) {
        key = asset.key
        label = asset.displayName
        addresses = asset.ips
        band = PurdueBand(level: asset.type?.level)
        typeName = asset.type?.value ?? "unknown"
        zone = asset.zone
        isAsset = true
        vulnerabilities = asset.vulnerabilities?.count ?? 0
    }

    /// A device from what a store keeps of it: its key, name as shown, addresses, Purdue
    /// level, type, zone and count of vulnerabilities (the same values `init(_:)` reads from
    /// its document).
    public init(key: String, label: String, addresses: [String], level: Int?, typeName: String?, zone: String, vulnerabilities: Int) {
        self.key = key
        self.label = label
        self.addresses = addresses
        band = PurdueBand(level: level)
        self.typeName = typeName ?? "unknown"
        self.zone = zone
        isAsset = true
        self.vulnerabilities = vulnerabilities
    }

    public init(address: String) {
        key = address
        label = address
        addresses = [address]
        band = .other
        typeName = "address"
        zone = "-"
        isAsset = false
        vulnerabilities = 0
    }
}

/// Traffic from one node to another over one protocol.
public struct MapLink: Sendable, Equatable {
    public var client: String
    public var server: String
    public var `protocol`: String
    public var connections: Int
    public var bytes: Int
}
