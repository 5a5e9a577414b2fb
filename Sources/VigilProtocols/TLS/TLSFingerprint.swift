import Crypto
import VigilCore

/// Client and server fingerprints: JA3/JA3S (Salesforce) and JA4 (FoxIO, JA4 spec v1).
public enum TLSFingerprint {
    /// JA3: MD5 of "version,ciphers,extensions,groups,point formats", GREASE removed.
    public static func ja3(_ h: TLSHello) -> String {
        Hex.string(Insecure.MD5.hash(data: ja3Bytes(h)))
    }

    public static func ja3String(_ h: TLSHello) -> String { String(decoding: ja3Bytes(h), as: UTF8.self) }

    /// JA3's text as bytes, numbers written in place: a String per number and `joined` cost
    /// ~50,000 instructions a ClientHello.
    static func ja3Bytes(_ h: TLSHello) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(64 + 6 * (h.cipherSuites.count + h.extensions.count + h.supportedGroups.count))
        func list<N: BinaryInteger>(_ values: [N], skippingGrease: Bool) {
            var first = true
            for v in values where !(skippingGrease && TLSHello.isGrease(UInt16(truncatingIfNeeded: v))) {
                if !first { text.append(UInt8(ascii: "-")) }
                first = false
                TextBytes.appendDigits(UInt64(v), to: &text)
            }
        }
        TextBytes.appendDigits(UInt64(h.legacyVersion), to: &text)
        for v in [h.cipherSuites, h.extensions, h.supportedGroups] {
            text.append(UInt8(ascii: ","))
            list(v, skippingGrease: true)
        }
        text.append(UInt8(ascii: ","))
        list(h.pointFormats, skippingGrease: false)
        return text
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
        var cipherText: [UInt8] = []
        appendHexList(ciphers.sorted(), to: &cipherText)
        var extText: [UInt8] = []
        appendHexList(exts.filter { $0 != 0 && $0 != 16 }.sorted(), to: &extText)
        if !h.signatureAlgorithms.isEmpty && !extText.isEmpty {
            extText.append(UInt8(ascii: "_"))
            appendHexList(h.signatureAlgorithms, to: &extText)
        }
        return "\(a)_\(hash12(cipherText))_\(exts.isEmpty ? "000000000000" : hash12(extText))"
    }

    /// `values` as four lowercase hex digits each, joined by commas: JA4's lists before hashing.
    /// Bytes rather than a String per value, which cost ~100,000 instructions a ClientHello.
    static func appendHexList(_ values: [UInt16], to text: inout [UInt8]) {
        text.reserveCapacity(text.count + values.count * 5)
        for (i, v) in values.enumerated() {
            if i > 0 { text.append(UInt8(ascii: ",")) }
            for shift: UInt16 in [12, 8, 4, 0] { text.append(Hex.digitBytes[Int((v >> shift) & 0xF)]) }
        }
    }

    /// The first 12 hex digits of the SHA-256 of `text`; zeros for empty text.
    static func hash12(_ text: [UInt8]) -> String {
        text.isEmpty ? "000000000000" : Hex.string(SHA256.hash(data: text).prefix(6))
    }
}
