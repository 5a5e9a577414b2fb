/// Zeek's names for TLS numbers (base/protocols/ssl/consts.zeek), backed by generated tables.
public enum TLSNames {
    public static func version(_ v: UInt16) -> String {
        switch v {
        case 0x0002: return "SSLv2"
        case 0x0300: return "SSLv3"
        case 0x0301: return "TLSv10"
        case 0x0302: return "TLSv11"
        case 0x0303: return "TLSv12"
        case 0x0304: return "TLSv13"
        case 0xFEFF: return "DTLSv10"
        case 0xFEFD: return "DTLSv12"
        case 0xFEFC: return "DTLSv13"
        default:
            if v >> 8 == 0x7F { return "TLSv13-draft\(v & 0xFF)" }
            return "unknown-\(v)"
        }
    }

    public static func cipher(_ c: UInt16) -> String { TLSRegistry.cipherSuites[c] ?? "unknown-\(c)" }

    public static func curve(_ g: UInt16) -> String { TLSRegistry.namedGroups[g] ?? "unknown-\(g)" }
}
