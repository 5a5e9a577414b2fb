import Crypto
import VigilCore

/// Client and server fingerprints: JA3/JA3S (Salesforce) and JA4 (FoxIO, JA4 spec v1).
public enum TLSFingerprint {
    /// JA3: MD5 of "version,ciphers,extensions,groups,point formats", GREASE removed.
    public static func ja3(_ h: TLSHello) -> String {
        let text = ja3String(h)
        return Hex.string(Insecure.MD5.hash(data: Array(text.utf8)))
    }

    public static func ja3String(_ h: TLSHello) -> String {
        func list(_ v: [UInt16]) -> String { v.filter { !TLSHello.isGrease($0) }.map(String.init).joined(separator: "-") }
        return "\(h.legacyVersion),\(list(h.cipherSuites)),\(list(h.extensions)),\(list(h.supportedGroups)),"
            + h.pointFormats.map(String.init).joined(separator: "-")
    }

    /// JA3S: MD5 of "version,cipher,extensions" of the ServerHello.
    public static func ja3s(_ h: TLSHello) -> String {
        let exts = h.extensions.filter { !TLSHello.isGrease($0) }.map(String.init).joined(separator: "-")
        let text = "\(h.legacyVersion),\(h.cipherSuites.first ?? 0),\(exts)"
        return Hex.string(Insecure.MD5.hash(data: Array(text.utf8)))
    }

    /// JA4 (TCP): `t<ver><d|i><ciphers:2><exts:2><alpn>_<sha256(sorted ciphers)[:12]>_<sha256(sorted exts_sigalgs)[:12]>`.
    public static func ja4(_ h: TLSHello) -> String {
        let ciphers = h.cipherSuites.filter { !TLSHello.isGrease($0) }
        let exts = h.extensions.filter { !TLSHello.isGrease($0) }
        let versions = h.supportedVersions.filter { !TLSHello.isGrease($0) }
        let version = versions.max() ?? h.legacyVersion
        let v: String
        switch version {
        case 0x0304: v = "13"
        case 0x0303: v = "12"
        case 0x0302: v = "11"
        case 0x0301: v = "10"
        case 0x0300: v = "s3"
        case 0x0002: v = "s2"
        case 0xFEFF: v = "d1"
        case 0xFEFD: v = "d2"
        case 0xFEFC: v = "d3"
        default: v = "00"
        }
        let sni = exts.contains(0) ? "d" : "i"
        func two(_ n: Int) -> String {
            let c = min(n, 99)
            return c < 10 ? "0\(c)" : "\(c)"
        }
        var alpn = "00"
        if let first = h.alpn.first, let f = first.unicodeScalars.first, let l = first.unicodeScalars.last {
            func alnum(_ u: Unicode.Scalar) -> Bool { u.isASCII && (u.properties.isAlphabetic || ("0"..."9").contains(u)) }
            if alnum(f) && alnum(l) {
                alpn = String(f) + String(l)
            } else {
                let hex = Hex.string(Array(first.utf8))
                alpn = String(hex.first!) + String(hex.last!)
            }
        }
        let a = "t\(v)\(sni)\(two(ciphers.count))\(two(exts.count))\(alpn)"
        func h4(_ x: UInt16) -> String { String(Hex.prefixed(UInt64(x), width: 4).dropFirst(2)) }
        func hash12(_ s: String) -> String { s.isEmpty ? "000000000000" : String(Hex.string(SHA256.hash(data: Array(s.utf8))).prefix(12)) }
        let b = hash12(ciphers.sorted().map(h4).joined(separator: ","))
        var c = exts.filter { $0 != 0 && $0 != 16 }.sorted().map(h4).joined(separator: ",")
        if !h.signatureAlgorithms.isEmpty && !c.isEmpty { c += "_" + h.signatureAlgorithms.map(h4).joined(separator: ",") }
        return "\(a)_\(b)_\(exts.isEmpty ? "000000000000" : hash12(c))"
    }
}
