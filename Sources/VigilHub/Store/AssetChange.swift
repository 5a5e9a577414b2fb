/// A change to a device's identity, as the asset page lists it.
public struct AssetChange: Sendable {
    public var time: Double
    public var sensor: String
    public var field: String
    public var old: String?
    public var new: String?
}
