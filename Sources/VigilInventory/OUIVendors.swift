import VigilCore

/// Looks up the IEEE-registered organisation of a MAC address's OUI.
public enum OUIVendors {
    /// Parsed once, on first use, from the generated registry text.
    static let table: [UInt32: String] = {
        var t: [UInt32: String] = [:]
        t.reserveCapacity(40_000)
        RegistryText.forEachEntry(OUIRegistry.text) { key, name in
            if let oui = RegistryText.number(key, radix: 16) { t[oui] = name }
        }
        return t
    }()

    /// The vendor, or nil for unregistered, locally administered or group addresses.
    public static func vendor(of mac: MACAddress) -> String? {
        if mac.isLocallyAdministered || mac.isGroup { return nil }
        return table[mac.oui]
    }
}
