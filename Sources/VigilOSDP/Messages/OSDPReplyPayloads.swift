/// osdp_PDID (v2.2 §7.4): vendor OUI (3 bytes LE), model, version, serial (4 bytes LE) and
/// firmware major, minor, build.
public struct OSDPDeviceIdentity: Sendable, Equatable {
    public var vendor: UInt32 = 0
    public var model: UInt8 = 0
    public var version: UInt8 = 0
    public var serial: UInt32 = 0
    public var firmware: (major: UInt8, minor: UInt8, build: UInt8) = (0, 0, 0)

    public init() {}

    public var bytes: [UInt8] {
        OSDPBytes.le24(vendor) + [model, version] + OSDPBytes.le32(serial) + [firmware.major, firmware.minor, firmware.build]
    }

    init(_ d: [UInt8]) {
        vendor = OSDPBytes.readLE24(d, at: 0)
        model = d[3]
        version = d[4]
        serial = OSDPBytes.readLE32(d, at: 5)
        firmware = (d[9], d[10], d[11])
    }

    public var firmwareText: String { "\(firmware.major).\(firmware.minor).\(firmware.build)" }

    public static func == (a: Self, b: Self) -> Bool { a.bytes == b.bytes }
}

/// One osdp_PDCAP entry (v2.2 §7.5, Table 47): function code, compliance level, number of items.
public struct OSDPCapability: Sendable, Equatable {
    public var function: UInt8
    public var compliance: UInt8
    public var count: UInt8

    public init(function: UInt8, compliance: UInt8, count: UInt8) {
        self.function = function
        self.compliance = compliance
        self.count = count
    }

    /// Function 9, "communication security": compliance 1 means the PD supports AES-128
    /// Secure Channel. A compliance of 0 here is what a downgrade attack rewrites it to.
    public static let communicationSecurity: UInt8 = 9
    public static let names: [UInt8: String] = [
        1: "contact_status_monitoring", 2: "output_control", 3: "card_data_format", 4: "reader_led_control",
        5: "reader_audible_output", 6: "reader_text_output", 7: "time_keeping", 8: "check_character_support",
        9: "communication_security", 10: "receive_buffer_size", 11: "largest_combined_message_size",
        12: "smart_card_support", 13: "readers", 14: "biometrics", 15: "secure_pin_entry", 16: "osdp_version",
    ]
}

/// osdp_RAW (v2.2 §7.10): reader, format (0 unspecified, 1 Wiegand), bit count (LE), data.
public struct OSDPCardRead: Sendable, Equatable {
    public var reader: UInt8
    public var format: UInt8
    public var bitCount: UInt16
    public var data: [UInt8]

    public init(reader: UInt8, format: UInt8, bitCount: UInt16, data: [UInt8]) {
        self.reader = reader
        self.format = format
        self.bitCount = bitCount
        self.data = data
    }

    public var bytes: [UInt8] { [reader, format, UInt8(truncatingIfNeeded: bitCount), UInt8(truncatingIfNeeded: bitCount >> 8)] + data }
    public var formatName: String { format == 1 ? "wiegand" : format == 0 ? "raw" : "format_\(format)" }
}
