import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// SSDP messages (UPnP Device Architecture 2.0 §1) as devices and control points send them;
/// samples/upnp-display.pcap (MiniDLNA and gssdp-discover) is checked against tshark in the
/// sensor's tests.
@Suite struct SSDPParserTests {
    static let notify = Array(
        ("NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nCACHE-CONTROL: max-age=1810\r\n"
            + "LOCATION: http://10.85.0.1:8200/rootDesc.xml\r\nSERVER: Linux/4.9 UPnP/1.0 IpBridge/1.26.0\r\n"
            + "NT: urn:schemas-upnp-org:device:Basic:1\r\nUSN: uuid:2f402f80-da50-11e1-9b23-001788255acc\r\n"
            + "NTS: ssdp:alive\r\n\r\n").utf8)
    static let search = Array(
        "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 3\r\nST: ssdp:all\r\n\r\n".utf8)

    static func run(_ messages: [([UInt8], Bool)]) -> CollectingSink {
        let sink = CollectingSink()
        let id = ConnectionID(origHost: .v4(0x0A55_0001), origPort: 50000, respHost: .v4(0xEFFF_FFFA), respPort: 1900, proto: .udp)
        let context = FlowContext(uid: "Cssdp", id: id, ts: .zero, sink: sink, limits: .default, shared: SharedProtocolState())
        let a = SSDPAnalyzer()
        for (m, isOrig) in messages { m.withUnsafeBytes { a.deliver($0, isOrig: isOrig, context: context) } }
        a.finish(context: context)
        return sink
    }

    @Test func aNotifyNamesTheDevicesSoftwareOnce() throws {
        let sink = Self.run([(Self.notify, true), (Self.notify, true)])
        let events = sink.events.compactMap { if case .ssdp(let e) = $0 { e } else { nil } }
        #expect(events.count == 2)
        let e = try #require(events.first)
        #expect(e.kind == .notify && e.subtype == "ssdp:alive" && e.target == "urn:schemas-upnp-org:device:Basic:1")
        #expect(e.location == "http://10.85.0.1:8200/rootDesc.xml" && e.usn == "uuid:2f402f80-da50-11e1-9b23-001788255acc")
        #expect(
            sink.identitiesAndRoles == [
                "10.85.0.1 upnp_device", "10.85.0.1 software=Linux/4.9 UPnP/1.0 IpBridge/1.26.0 (ssdp SERVER header)",
            ])
    }

    @Test func aSearchIsAControlPointsAndOtherBytesAreNotSSDP() {
        let sink = Self.run([(Self.search, true), (Array("GET / HTTP/1.1\r\n\r\n".utf8), true)])
        #expect(sink.events.contains { if case .role(_, "upnp_control_point") = $0 { true } else { false } })
        #expect(sink.weirdNames == ["ssdp_malformed"])
        let id = ConnectionID(origHost: .v4(1), origPort: 40000, respHost: .v4(2), respPort: 8080, proto: .udp)
        let ok = Array("HTTP/1.1 200 OK\r\nST: ssdp:all\r\n\r\n".utf8)
        // An answer away from port 1900 is any HTTP over UDP, not SSDP; a search is SSDP anywhere.
        #expect(ok.withUnsafeBytes { !SSDPAnalyzer.descriptor.confirms($0, true, id) })
        #expect(Self.search.withUnsafeBytes { SSDPAnalyzer.descriptor.confirms($0, true, id) })
    }

    /// The root device's elements, not an embedded device's; entities decoded; other XML refused.
    @Test func deviceDescriptionsAreReadForTheRootDevice() throws {
        let xml = Array(
            ("<?xml version=\"1.0\"?><root xmlns=\"urn:schemas-upnp-org:device-1-0\"><device>"
                + "<deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>"
                + "<friendlyName>Cabinet 7 gateway</friendlyName><manufacturer>Acme &amp; Sons</manufacturer>"
                + "<modelName>Gate&#x2D;One</modelName><serialNumber> SN-1 </serialNumber>"
                + "<deviceList><device><manufacturer>Inner</manufacturer><modelNumber>X-2</modelNumber></device></deviceList>"
                + "</device></root>").utf8)
        let d = try #require(UPnPDeviceDescription.parse(xml))
        #expect(d.manufacturer == "Acme & Sons" && d.modelName == "Gate-One" && d.serialNumber == "SN-1")
        #expect(d.friendlyName == "Cabinet 7 gateway" && d.modelNumber == nil, "the embedded device's model number is not the root's")
        #expect(UPnPDeviceDescription.parse(Array("<svg><device>x</device></svg>".utf8)) == nil)
        #expect(UPnPDeviceDescription.unescape("a &bogus; &#65;&lt;") == "a &bogus; A<")
    }
}
