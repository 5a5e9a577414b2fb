import VigilCore

/// Looks up the IEEE-registered organisation of a MAC address's OUI.
public enum OUIVendors {
    /// Parsed once, on first use, from the generated registry text. Read as UTF-8 bytes:
    /// splitting the 1.5 MB text into `Character`s cost about 0.15 s, at the end of every run
    /// that writes assets.json.
    static let table: [UInt32: String] = {
        var t: [UInt32: String] = [:]
        t.reserveCapacity(40_000)
        var text = OUIRegistry.text
        text.withUTF8 { u in
            var i = 0
            while i < u.count {
                var end = i
                while end < u.count && u[end] != 0x0A { end += 1 }
                if let tab = (i..<end).first(where: { u[$0] == 0x09 }), let key = hexValue(UnsafeBufferPointer(rebasing: u[i..<tab])) {
                    t[key] = String(decoding: UnsafeBufferPointer(rebasing: u[(tab + 1)..<end]), as: UTF8.self)
                }
                i = end + 1
            }
        }
        return t
    }()

    /// Hex digits as a number; nil if empty, too long or not hex.
    static func hexValue(_ digits: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard !digits.isEmpty, digits.count <= 8 else { return nil }
        var v: UInt32 = 0
        for c in digits {
            guard let d = Hex.nibble(c) else { return nil }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    /// The vendor, or nil for unregistered, locally administered or group addresses.
    public static func vendor(of mac: MACAddress) -> String? {
        if mac.isLocallyAdministered || mac.isGroup { return nil }
        return table[mac.oui]
    }
}
