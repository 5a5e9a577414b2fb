/// The optional security block between the control byte and the command or reply code
/// (OSDP v2.2 §5.8 / Annex D): its length byte counts itself, the type byte and the data.
public struct OSDPSecurityBlock: Sendable, Equatable {
    public var type: OSDPSecurityBlockType
    public var data: [UInt8]

    public init(type: OSDPSecurityBlockType, data: [UInt8] = []) {
        self.type = type
        self.data = data
    }
}

/// Security block types SCS_11 … SCS_18 (Annex D.1). 11–14 carry the handshake, 15/16 a MAC
/// over clear data, 17/18 a MAC over encrypted data; odd numbers travel from the control
/// panel, even ones from the peripheral device.
public struct OSDPSecurityBlockType: RawRepresentable, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let challenge = Self(rawValue: 0x11)
    public static let clientCryptogram = Self(rawValue: 0x12)
    public static let serverCryptogram = Self(rawValue: 0x13)
    public static let initialRMAC = Self(rawValue: 0x14)
    public static let commandMAC = Self(rawValue: 0x15)
    public static let replyMAC = Self(rawValue: 0x16)
    public static let commandEncrypted = Self(rawValue: 0x17)
    public static let replyEncrypted = Self(rawValue: 0x18)

    /// SCS_15 … SCS_18: the packet ends with a 4-byte MAC before its check characters.
    public var carriesMAC: Bool { rawValue >= 0x15 && rawValue <= 0x18 }
    /// SCS_17 and SCS_18: the data after the code byte is AES-CBC ciphertext.
    public var isEncrypted: Bool { self == .commandEncrypted || self == .replyEncrypted }
    public var isKnown: Bool { rawValue >= 0x11 && rawValue <= 0x18 }
    public var name: String { "SCS_" + String(rawValue, radix: 16) }
}
