import Testing
import VigilCore
import VigilEvents

@testable import VigilSensor

/// x509.log's once-a-day rule (Zeek's `X509::relog_known_certificates_after`) and that its
/// rows do not depend on which worker reported a sighting first.
@Suite struct CertificateSightingsTests {
    static let hour: Int64 = 3_600

    static func sighting(_ fingerprint: String, hour h: Int64, uid: String, host: Bool = true) -> X509CertificateEvent {
        let id = ConnectionID(origHost: .v4(0x0A00_0001), origPort: 40_000, respHost: .v4(0x0A00_0002), respPort: 443, proto: .tcp)
        return X509CertificateEvent(
            ts: Timestamp(seconds: 1_700_000_000 + h * hour, nanos: 0), flow: FlowRef(uid: uid, id: id), fingerprint: fingerprint,
            certificate: nil, hostCert: host, clientCert: false)
    }

    @Test func aCertificateIsLoggedOncePerDayPerSideWhateverTheOrder() {
        var all = [
            Self.sighting("aa", hour: 0, uid: "C1"), Self.sighting("aa", hour: 5, uid: "C2"), Self.sighting("aa", hour: 23, uid: "C3"),
            Self.sighting("aa", hour: 24, uid: "C4"), Self.sighting("aa", hour: 30, uid: "C5"), Self.sighting("aa", hour: 49, uid: "C6"),
            Self.sighting("aa", hour: 5, uid: "C7", host: false), Self.sighting("bb", hour: 5, uid: "C8"),
            Self.sighting("bb", hour: 5, uid: "C0"),
        ]
        var results: [[String]] = []
        for _ in 0..<4 {
            all.shuffle()
            let s = CertificateSightings()
            for e in all { _ = s.add(e) }
            results.append(s.drain().map { "\($0.fingerprint) \($0.ts.seconds) \($0.flow.uid) \($0.hostCert)" })
        }
        let t0 = 1_700_000_000.0
        // Days open at hours 0, 24 and 49 for the server's copy; the client's copy and the other
        // certificate have days of their own; of two sightings at one time the lower uid opens.
        #expect(
            results[0] == [
                "aa \(t0) C1 true", "aa \(t0 + 5 * 3600) C7 false", "bb \(t0 + 5 * 3600) C0 true", "aa \(t0 + 24 * 3600) C4 true",
                "aa \(t0 + 49 * 3600) C6 true",
            ])
        #expect(results.allSatisfy { $0 == results[0] })
    }

    @Test func aLaterDrainRemembersTheOpenDay() {
        let s = CertificateSightings()
        _ = s.add(Self.sighting("aa", hour: 0, uid: "C1"))
        #expect(s.drain().count == 1)
        _ = s.add(Self.sighting("aa", hour: 2, uid: "C2"))
        #expect(s.drain().isEmpty)
        _ = s.add(Self.sighting("aa", hour: 25, uid: "C3"))
        #expect(s.drain().map(\.flow.uid) == ["C3"])
    }
}
