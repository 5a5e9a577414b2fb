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
