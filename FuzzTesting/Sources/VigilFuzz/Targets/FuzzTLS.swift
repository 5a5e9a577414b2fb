import VigilProtocols

/// Fuzzes ClientHello/ServerHello decoding, certificate lists, the fingerprints and the
/// X.509 reader behind x509.log.
func fuzzTLS(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let b = UnsafeRawBufferPointer(start: data, count: size)
    if let h = try? TLSParser.parseHello(b, isClient: true) {
        _ = TLSFingerprint.ja3(h)
        _ = TLSFingerprint.ja4(h)
    }
    if let h = try? TLSParser.parseHello(b, isClient: false) { _ = TLSFingerprint.ja3s(h) }
    _ = try? TLSParser.parseSSLv2ClientHello(b)
    _ = TLSParser.parseCertificates(b)
    _ = try? X509Reader.read(Array(b))
    _ = TLSParser.looksLikeTLS(b)
    return 0
}
