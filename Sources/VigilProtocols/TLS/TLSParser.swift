import VigilCore

/// Pure TLS record and handshake decoding (RFC 8446 §5.1, §4).
///
/// Record header:
/// ```
///  0 content type u8 (20 CCS, 21 alert, 22 handshake, 23 application data)
///  1 legacy version u16
///  3 length u16 (at most 2^14 + 2048 for protected records, §5.2)
/// ```
/// Handshake header: type u8, length u24, body.
public enum TLSParser {
    public static let maxRecordLength = 16_384 + 2048

    public enum Failure: Error, Equatable { case malformed(String) }

    /// Content signature: a handshake record opening with a ClientHello or ServerHello, or an
    /// SSLv2-compatible ClientHello (which old and compatibility-minded clients still send).
    public static func looksLikeTLS(_ b: UnsafeRawBufferPointer) -> Bool {
        if isSSLv2ClientHello(b) { return true }
        guard b.count >= 6, b[0] == 22, b[1] == 3, b[2] <= 4 else { return false }
        let length = Int(ByteReader.u16(b, 3))
        return length > 0 && length <= maxRecordLength && (b[5] == 1 || b[5] == 2)
    }

    /// SSLv2-compatible ClientHello (RFC 5246 Appendix E.2): a 2-byte header with the high
    /// bit set and a 15-bit length, then
    /// ```
    ///  0 msg_type (1 = CLIENT-HELLO) | 1 version u16 | 3 cipher_spec_length u16
    ///  5 session_id_length u16 | 7 challenge_length u16 | 9 cipher specs (3 bytes each), session id, challenge
    /// ```
    public static func isSSLv2ClientHello(_ b: UnsafeRawBufferPointer) -> Bool {
        guard b.count >= 11, b[0] & 0x80 != 0, b[2] == 1 else { return false }
        let length = Int(b[0] & 0x7F) << 8 | Int(b[1])
        return length >= 9 && (b[3] == 3 || (b[3] == 0 && b[4] == 2)) && ByteReader.u16(b, 5) % 3 == 0
    }

    /// Reads an SSLv2-compatible ClientHello; returns the hello and the bytes it used, nil if
    /// incomplete. Only TLS cipher suites (specs whose first byte is 0) are kept.
    public static func parseSSLv2ClientHello(_ b: UnsafeRawBufferPointer) throws -> (TLSHello, Int)? {
        guard isSSLv2ClientHello(b) else { throw Failure.malformed("SSL_invalid_v2_hello") }
        let length = Int(b[0] & 0x7F) << 8 | Int(b[1])
        guard b.count >= 2 + length else { return nil }
        let m = UnsafeRawBufferPointer(rebasing: b[2..<(2 + length)])
        let specs = Int(ByteReader.u16(m, 3))
        let sid = Int(ByteReader.u16(m, 5))
        let challenge = Int(ByteReader.u16(m, 7))
        guard 9 + specs + sid + challenge <= m.count else { throw Failure.malformed("SSL_truncated_hello") }
        var suites: [UInt16] = []
        var o = 9
        while o + 3 <= 9 + specs {
            if m[o] == 0 { suites.append(ByteReader.u16(m, o + 1)) }
            o += 3
        }
        let session = Array(m[(9 + specs)..<(9 + specs + sid)])
        return (TLSHello(legacyVersion: ByteReader.u16(m, 1), sessionID: session, cipherSuites: suites), 2 + length)
    }

    public static func parseHello(_ body: UnsafeRawBufferPointer, isClient: Bool) throws -> TLSHello {
        var r = ByteCursor(body)
        guard let version = r.u16(), r.skip(32), let sid = r.vector8() else { throw Failure.malformed("SSL_truncated_hello") }
        var hello = TLSHello(legacyVersion: version, sessionID: sid, cipherSuites: [])
        if isClient {
            guard let suites = r.vector16() else { throw Failure.malformed("SSL_truncated_hello") }
            var i = 0
            while i + 1 < suites.count {
                hello.cipherSuites.append(UInt16(suites[i]) << 8 | UInt16(suites[i + 1]))
                i += 2
            }
            guard r.vector8() != nil else { throw Failure.malformed("SSL_truncated_hello") }
        } else {
            guard let suite = r.u16(), r.u8() != nil else { throw Failure.malformed("SSL_truncated_hello") }
            hello.cipherSuites = [suite]
        }
        guard !r.atEnd, let extBlock = r.vector16() else { return hello }
        try extBlock.withUnsafeBytes { e in try parseExtensions(e, into: &hello, isClient: isClient) }
        return hello
    }

    static func parseExtensions(_ e: UnsafeRawBufferPointer, into h: inout TLSHello, isClient: Bool) throws {
        var r = ByteCursor(e)
        while !r.atEnd {
            guard let type = r.u16(), let data = r.vector16() else { throw Failure.malformed("SSL_truncated_extension") }
            h.extensions.append(type)
            data.withUnsafeBytes { d in
                var x = ByteCursor(d)
                switch type {
                case 0:  // server_name (RFC 6066 §3): list of (type, name)
                    if let list = x.vector16(), list.count >= 3, list[0] == 0 {
                        let n = Int(list[1]) << 8 | Int(list[2])
                        if 3 + n <= list.count { h.serverName = BytesText.text(Array(list[3..<(3 + n)])) }
                    }
                case 10:  // supported_groups
                    if let list = x.vector16() { h.supportedGroups = pairs(list) }
                case 11:
                    if let list = x.vector8() { h.pointFormats = list }
                case 13:
                    if let list = x.vector16() { h.signatureAlgorithms = pairs(list) }
                case 16:  // ALPN (RFC 7301 §3.1)
                    if let list = x.vector16() {
                        var i = 0
                        while i < list.count {
                            let n = Int(list[i])
                            guard i + 1 + n <= list.count else { break }
                            h.alpn.append(BytesText.text(Array(list[(i + 1)..<(i + 1 + n)])))
                            i += 1 + n
                        }
                    }
                case 43:  // supported_versions: list in ClientHello, one value in ServerHello
                    if isClient {
                        if let list = x.vector8() { h.supportedVersions = pairs(list) }
                    } else if let v = x.u16() {
                        h.supportedVersions = [v]
                    }
                case 51 where !isClient:
                    h.keyShareGroup = x.u16()
                default: break
                }
            }
        }
    }

    static func pairs(_ a: [UInt8]) -> [UInt16] {
        var out: [UInt16] = []
        var i = 0
        while i + 1 < a.count {
            out.append(UInt16(a[i]) << 8 | UInt16(a[i + 1]))
            i += 2
        }
        return out
    }

    /// Certificate message (RFC 5246 §7.4.2): u24 list length, then u24-prefixed DER certs.
    public static func parseCertificates(_ body: UnsafeRawBufferPointer) -> [[UInt8]] {
        guard body.count >= 3 else { return [] }
        var certs: [[UInt8]] = []
        var o = 3
        let end = min(body.count, 3 + Int(ByteReader.u24(body, 0)))
        while o + 3 <= end {
            let n = Int(ByteReader.u24(body, o))
            guard o + 3 + n <= end else { break }
            certs.append(Array(body[(o + 3)..<(o + 3 + n)]))
            o += 3 + n
        }
        return certs
    }
}
