import Testing

@testable import VigilProtocols

@Suite struct TLSFingerprintTests {
    @Test func greaseValuesAreRecognised() {
        #expect(TLSHello.isGrease(0x0A0A) && TLSHello.isGrease(0xFAFA))
        #expect(!TLSHello.isGrease(0x0A0B) && !TLSHello.isGrease(0x1301))
    }

    @Test func ja3StringDropsGreaseAndJoinsFields() {
        var h = TLSHello(legacyVersion: 771, sessionID: [], cipherSuites: [0x0A0A, 4865, 4866])
        h.extensions = [0x1A1A, 0, 10, 11]
        h.supportedGroups = [0x2A2A, 29, 23]
        h.pointFormats = [0]
        #expect(TLSFingerprint.ja3String(h) == "771,4865-4866,0-10-11,29-23,0")
    }

    @Test func ja4WithoutExtensionsUsesZeroHashes() {
        let h = TLSHello(legacyVersion: 0x0303, sessionID: [], cipherSuites: [])
        #expect(TLSFingerprint.ja4(h) == "t12i000000_000000000000_000000000000")
    }
}

@Suite struct SSLv2ClientHelloTests {
    /// 2-byte header (0x80 | length 0x1F = 31), CLIENT-HELLO, version 3.1, 6 bytes of cipher
    /// specs (one TLS suite 0x00002F, one SSLv2 kind 0x010080), no session id, 16-byte challenge.
    static let hello: [UInt8] =
        [
            0x80, 0x1F, 0x01, 0x03, 0x01, 0x00, 0x06, 0x00, 0x00, 0x00, 0x10,
            0x00, 0x00, 0x2F, 0x01, 0x00, 0x80,
        ] + [UInt8](repeating: 0xAB, count: 16)

    @Test func parsesTLSSuitesFromAV2Hello() throws {
        let parsed = try Self.hello.withUnsafeBytes { try TLSParser.parseSSLv2ClientHello($0) }
        let (h, used) = try #require(parsed)
        #expect(used == 33 && h.legacyVersion == 0x0301 && h.cipherSuites == [0x002F])
        #expect(Self.hello.withUnsafeBytes { TLSParser.looksLikeTLS($0) })
    }

    @Test func incompleteV2HelloWaitsForMore() throws {
        let partial = Array(Self.hello.prefix(20))
        #expect(try partial.withUnsafeBytes { try TLSParser.parseSSLv2ClientHello($0) } == nil)
    }
}
