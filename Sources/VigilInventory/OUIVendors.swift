import VigilCore

/// Looks up the IEEE-registered organisation of a MAC address's OUI.
public enum OUIVendors {
    /// Parsed once, on first use, from the generated registry text.
    static let table: [UInt32: String] = {
        var t: [UInt32: String] = [:]
        t.reserveCapacity(40_000)
        for line in OUIRegistry.text.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t"), let key = UInt32(line[..<tab], radix: 16) else { continue }
            t[key] = String(line[line.index(after: tab)...])
        }
        return t
    }()

    /// The vendor, or nil for unregistered, locally administered or group addresses.
    public static func vendor(of mac: MACAddress) -> String? {
        if mac.isLocallyAdministered || mac.isGroup { return nil }
        return table[mac.oui]
    }
}
