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
