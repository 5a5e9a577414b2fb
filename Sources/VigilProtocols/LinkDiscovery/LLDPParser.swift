import VigilCore
import VigilEvents

/// Reads an LLDPDU (IEEE 802.1AB-2016 §8): a sequence of TLVs, each a 7-bit type and a 9-bit
/// length, ending with an End TLV. Chassis ID, Port ID and TTL come first (§8.2); Vigil keeps
/// what names the device (system name and description, management addresses, capabilities)
/// and the LLDP-MED inventory (ANSI/TIA-1057 §10.2.6).
public enum LLDPParser {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// A TLV's length runs past the frame (`offset`: the TLV's first byte).
        case truncatedTLV(offset: Int)
        /// The first three TLVs are not Chassis ID, Port ID and TTL (§8.2).
        case missingMandatoryTLV

        public var description: String {
            switch self {
            case .truncatedTLV(let offset): "the TLV at byte \(offset) runs past the frame"
            case .missingMandatoryTLV: "the frame does not start with Chassis ID, Port ID and TTL"
            }
        }
    }

    /// IEEE 802.1AB Table 8-4, by bit.
    static let capabilityNames = [
        "other", "repeater", "bridge", "wlan_access_point", "router", "telephone", "docsis_cable_device", "station", "c_vlan",
        "s_vlan", "two_port_mac_relay",
    ]

    /// LLDP-MED's organizationally unique identifier (ANSI/TIA-1057 §10.2.1).
    static let medOUI: [UInt8] = [0x00, 0x12, 0xBB]

    /// The announcement in `b` (the frame after its Ethernet header). What was read before a
    /// fault is kept in the result; the fault is returned beside it.
    public static func parse(_ b: UnsafeRawBufferPointer, into a: inout DeviceAnnouncement) -> Failure? {
        var o = 0
        var index = 0
        while o + 2 <= b.count {
            let header = ByteReader.u16(b, o)
            let type = Int(header >> 9)
            let length = Int(header & 0x1FF)
            guard o + 2 + length <= b.count else { return .truncatedTLV(offset: o) }
            let v = UnsafeRawBufferPointer(rebasing: b[(o + 2)..<(o + 2 + length)])
            if index < 3, type != index + 1 { return .missingMandatoryTLV }
            switch type {
            case 0: return nil  // End of LLDPDU
            case 1: a.chassisID = identifier(v, macSubtype: 4, addressSubtype: 5)
            case 2: a.portID = identifier(v, macSubtype: 3, addressSubtype: 4)
            case 5: a.systemName = text(v)
            case 6: a.systemDescription = text(v)
            case 7 where length >= 4:
                let enabled = ByteReader.u16(v, 2)
                a.capabilities = capabilityNames.indices.filter { enabled & (1 << $0) != 0 }.map { capabilityNames[$0] }
            case 8: if let address = managementAddress(v) { a.managementAddresses.append(address) }
            case 127: organizationSpecific(v, into: &a)
            default: break
            }
            index += 1
            o += 2 + length
        }
        return index < 3 ? .missingMandatoryTLV : nil
    }

    /// A Chassis ID or Port ID: a subtype byte, then a MAC address, a network address (an
    /// IANA address family byte and the address) or text, by subtype (§8.5.2, §8.5.3).
    static func identifier(_ v: UnsafeRawBufferPointer, macSubtype: UInt8, addressSubtype: UInt8) -> String? {
        guard v.count >= 2 else { return nil }
        let id = UnsafeRawBufferPointer(rebasing: v[1...])
        if v[0] == macSubtype, id.count == 6 { return MACAddress(id, at: 0).description }
        if v[0] == addressSubtype, let address = address(family: id[0], UnsafeRawBufferPointer(rebasing: id[1...])) {
            return address.description
        }
        return text(id)
    }

    /// Management Address (§8.5.9): the address string's length (its family byte included),
    /// the IANA family (1 IPv4, 2 IPv6) and the address.
    static func managementAddress(_ v: UnsafeRawBufferPointer) -> IPAddress? {
        guard v.count >= 2 else { return nil }
        let length = Int(v[0])
        guard length >= 1, v.count >= 1 + length else { return nil }
        return address(family: v[1], UnsafeRawBufferPointer(rebasing: v[2..<(1 + length)]))
    }

    static func address(family: UInt8, _ b: UnsafeRawBufferPointer) -> IPAddress? {
        switch (family, b.count) {
        case (1, 4): .v4(b, at: 0)
        case (2, 16): .v6(b, at: 0)
        default: nil
        }
    }

    /// LLDP-MED inventory TLVs (subtypes 5-10): text after the OUI and subtype.
    static func organizationSpecific(_ v: UnsafeRawBufferPointer, into a: inout DeviceAnnouncement) {
        guard v.count >= 4, v[0] == medOUI[0], v[1] == medOUI[1], v[2] == medOUI[2] else { return }
        let value = text(UnsafeRawBufferPointer(rebasing: v[4...]))
        switch v[3] {
        case 5: a.hardwareRevision = value
        case 6: a.firmwareRevision = value
        case 7: a.softwareRevision = value
        case 8: a.serialNumber = value
        case 9: a.manufacturer = value
        case 10: a.model = value
        default: break
        }
    }

    /// Text as sent, nil when empty or only spaces.
    static func text(_ b: UnsafeRawBufferPointer) -> String? {
        let t = BytesText.text(b).trimmingCharacters(in: " \0")
        return t.isEmpty ? nil : t
    }
}
