/// A registry of numbered names (vendor ids, device types) parsed on first use from a
/// generated "number<TAB>name" text blob.
public final class NumberedNames: Sendable {
    let table: [UInt32: String]

    public init(_ text: String) {
        var t: [UInt32: String] = [:]
        for line in text.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t"), let key = UInt32(line[..<tab]) else { continue }
            t[key] = String(line[line.index(after: tab)...])
        }
        table = t
    }

    public subscript(_ key: UInt32) -> String? { table[key] }

    public static let cipVendors = NumberedNames(OTRegistry.cipVendors)
    public static let cipDeviceTypes = NumberedNames(OTRegistry.cipDeviceTypes)
    public static let bacnetVendors = NumberedNames(OTRegistry.bacnetVendors)
}
