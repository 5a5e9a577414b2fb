import VigilCore

/// A 128-bit Secure Channel Base Key (SCBK) or session key.
public struct OSDPKey: Sendable, Equatable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses 32 hex digits (spaces and colons allowed between bytes).
    public init?(hex: String) {
        let digits = hex.filter { $0 != " " && $0 != ":" }
        guard let bytes = Hex.decode(digits) else { return nil }
        self.init(bytes: bytes)
    }

    /// SCBK-D, the default key a PD accepts only in install mode (Annex D.8: 0x30 0x31 … 0x3F).
    public static let defaultInstallKey = OSDPKey(bytes: Array(0x30...0x3F))!

    public var hex: String { Hex.string(bytes) }
    /// Never print a key by accident.
    public var description: String { "OSDPKey(…)" }
}
