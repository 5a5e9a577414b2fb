/// The fields of a ClientHello or ServerHello that logs and fingerprints use
/// (RFC 8446 §4.1.2–4.1.3, RFC 5246 §7.4.1).
public struct TLSHello: Equatable, Sendable {
    public var legacyVersion: UInt16
    public var sessionID: [UInt8]
    public var cipherSuites: [UInt16]
    /// Extension types in wire order.
    public var extensions: [UInt16] = []
    public var serverName: String?
    public var alpn: [String] = []
    public var supportedGroups: [UInt16] = []
    public var pointFormats: [UInt8] = []
    public var signatureAlgorithms: [UInt16] = []
    public var supportedVersions: [UInt16] = []
    /// ServerHello key_share group (TLS 1.3).
    public var keyShareGroup: UInt16?

    /// RFC 8701 GREASE values (0x?A?A) are ignored by JA3/JA4.
    public static func isGrease(_ v: UInt16) -> Bool { v & 0x0F0F == 0x0A0A && (v >> 8) == (v & 0xFF) }
}
