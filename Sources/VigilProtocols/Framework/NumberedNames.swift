import VigilCore

/// A registry of numbered names (vendor ids, device types) parsed on first use from a
/// generated "number<TAB>name" text blob.
///
/// Numbers below `denseLimit` are held in an array: BACnet names an object type and a
/// property on every bacnet_property row, and hashing for each showed in bench/run.sh's profile.
public final class NumberedNames: Sendable {
    let dense: [String?]
    let sparse: [UInt32: String]
    static let denseLimit: UInt32 = 4096

    public init(_ text: String) {
        var dense: [String?] = []
        var sparse: [UInt32: String] = [:]
        RegistryText.forEachEntry(text) { digits, name in
            guard let key = RegistryText.number(digits, radix: 10) else { return }
            if key < Self.denseLimit {
                if Int(key) >= dense.count { dense += [String?](repeating: nil, count: Int(key) + 1 - dense.count) }
                dense[Int(key)] = name
            } else {
                sparse[key] = name
            }
        }
        self.dense = dense
        self.sparse = sparse
    }

    public subscript(_ key: UInt32) -> String? { key < dense.count ? dense[Int(key)] : sparse[key] }

    public static let cipVendors = NumberedNames(OTRegistry.cipVendors)
    public static let cipDeviceTypes = NumberedNames(OTRegistry.cipDeviceTypes)
    public static let bacnetVendors = NumberedNames(OTRegistry.bacnetVendors)
}
