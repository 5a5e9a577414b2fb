import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// A multicast DNS responder's announcement names it (RFC 6762, RFC 6763); the same records
/// from a unicast DNS server do not.
@Suite struct MulticastDNSIdentityTests {
    static func name(_ labels: [String]) -> [UInt8] { labels.flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) } + [0] }

    /// A response (QR, AA) with one PTR answer, and SRV, TXT and A records in the additional
    /// section, as python-zeroconf and Avahi send them.
    static func announcement() -> [UInt8] {
        let instance = ["Tram Stop 12 Camera", "_rtsp", "_tcp", "local"]
        let host = ["tram-stop-12-cam", "local"]
        func rr(_ owner: [UInt8], _ type: UInt16, _ rdata: [UInt8]) -> [UInt8] {
            owner + [UInt8(type >> 8), UInt8(type & 0xFF), 0x80, 1, 0, 0, 0x11, 0x94, UInt8(rdata.count >> 8), UInt8(rdata.count & 0xFF)]
                + rdata
        }
        let txt = ["md=AXIS M3045-V", "manufacturer=Axis", "path=/"].flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) }
        return [0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 3]
            + rr(name(["_rtsp", "_tcp", "local"]), 12, name(instance))
            + rr(name(instance), 33, [0, 0, 0, 0, 0x02, 0x2A] + name(host))
            + rr(name(instance), 16, txt)
            + rr(name(host), 1, [10, 82, 0, 12])
    }

    static func context(_ sink: CollectingSink, port: UInt16) -> FlowContext {
        let id = ConnectionID(origHost: .v4(0x0A52_000C), origPort: port, respHost: .v4(0xE000_00FB), respPort: port, proto: .udp)
        return FlowContext(uid: "Cmdns", id: id, ts: .zero, sink: sink, limits: .default, shared: SharedProtocolState())
    }

    static func said(_ sink: CollectingSink) -> [String] {
        sink.events.compactMap { e in
            switch e {
            case .identity(_, let field, let value, let evidence): return "\(field.rawValue)=\(value) [\(evidence)]"
            case .hostname(let host, let name, let evidence): return "\(host) \(name) [\(evidence)]"
            case .role(_, let role): return "role \(role)"
            default: return nil
            }
        }
    }

    @Test func anAnnouncementNamesTheResponder() {
        let sink = CollectingSink()
        Self.announcement().withUnsafeBytes { DNSAnalyzer().deliver($0, isOrig: true, context: Self.context(sink, port: 5353)) }
        #expect(
            Self.said(sink) == [
                "role mdns_responder", "name=Tram Stop 12 Camera [mdns service instance (_rtsp._tcp)]", "role rtsp_server",
                "model=AXIS M3045-V [mdns TXT md]", "vendor=Axis [mdns TXT manufacturer]",
                "10.82.0.12 tram-stop-12-cam.local [mdns address record]",
            ])
    }

    @Test func theSameRecordsFromAUnicastServerNameNothingButTheServer() {
        let sink = CollectingSink()
        Self.announcement().withUnsafeBytes { DNSAnalyzer().deliver($0, isOrig: true, context: Self.context(sink, port: 53)) }
        #expect(Self.said(sink) == ["role dns_server"])
    }

    @Test(arguments: [
        ("Tram Stop 12 Camera._rtsp._tcp.local", "Tram Stop 12 Camera", "_rtsp._tcp"),
        ("Printer v2.1._ipp._tcp.local", "Printer v2.1", "_ipp._tcp"),
    ])
    func instanceNamesKeepTheirDots(full: String, instance: String, service: String) throws {
        let (i, s) = try #require(MulticastDNSIdentity.instanceName(full))
        #expect(i == instance && s == service)
    }

    @Test func namesWithoutAnInstanceAreNotInstances() {
        #expect(MulticastDNSIdentity.instanceName("_rtsp._tcp.local") == nil)
        #expect(MulticastDNSIdentity.instanceName("host.local") == nil)
        #expect(MulticastDNSIdentity.instanceName("x._rtsp") == nil)
    }

    @Test func aBrokenAdditionalSectionKeepsTheAnswers() throws {
        var b = Self.announcement()
        b.removeLast(3)  // the A record's address cut short
        let m = try b.withUnsafeBytes { try DNSParser.parse($0, additionals: true) }
        #expect(m.answers.count == 1 && m.additionals.count == 2)
    }
}
