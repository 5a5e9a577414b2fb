import Testing
import VigilCore
import VigilDecode
import VigilEvents

@testable import VigilProtocols

/// LLDP and CDP announcements: what a device says of itself, read TLV by TLV, and what it
/// gives the inventory. The frames are built here from the standards' layouts (IEEE 802.1AB
/// §8, ANSI/TIA-1057, CDP); samples/lldp-cdp.pcap (lldpd's own frames) is checked against
/// tshark in IdentityAgreementTests.
@Suite struct LinkDiscoveryTests {
    static func tlv(_ type: Int, _ value: [UInt8]) -> [UInt8] {
        let header = UInt16(type << 9 | value.count)
        return [UInt8(header >> 8), UInt8(header & 0xFF)] + value
    }

    static func text(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// Chassis ID (MAC), Port ID (interface name), TTL 120, System Name, System Description,
    /// capabilities (bridge and router, both enabled), a management address, LLDP-MED
    /// manufacturer, model and firmware, and End.
    static let lldp: [UInt8] =
        tlv(1, [4, 0x02, 0x83, 0, 0, 0, 1]) + tlv(2, [5] + text("port7")) + tlv(3, [0, 120])
        + tlv(5, text("ts-sw-14")) + tlv(6, text("Access switch, firmware 2.4.1"))
        + tlv(7, [0x00, 0x14, 0x00, 0x14])
        + tlv(8, [5, 1, 10, 83, 0, 1, 2, 0, 0, 0, 1, 0])
        + tlv(127, [0x00, 0x12, 0xBB, 9] + text("Acme Rail")) + tlv(127, [0x00, 0x12, 0xBB, 10] + text("TS-8"))
        + tlv(127, [0x00, 0x12, 0xBB, 6] + text("2.4.1")) + tlv(0, [])

    static func cdpTLV(_ type: UInt16, _ value: [UInt8]) -> [UInt8] {
        let n = UInt16(value.count + 4)
        return [UInt8(type >> 8), UInt8(type & 0xFF), UInt8(n >> 8), UInt8(n & 0xFF)] + value
    }

    /// Version 2, TTL 180, a checksum; Device ID, one IPv4 address (NLPID 0xCC), Port ID,
    /// capabilities router and switch, Software Version and Platform.
    static let cdp: [UInt8] =
        [2, 180, 0x12, 0x34] + cdpTLV(1, text("cab-rtr-7"))
        + cdpTLV(2, [0, 0, 0, 1, 1, 1, 0xCC, 0, 4, 10, 83, 0, 2]) + cdpTLV(3, text("GigabitEthernet0/1"))
        + cdpTLV(4, [0, 0, 0, 0x09]) + cdpTLV(5, text("Router software 15.2(4)M7")) + cdpTLV(6, text("SCR-100"))

    static func report(_ kind: LinkDiscoveryFrame.Kind, _ bytes: [UInt8]) -> CollectingSink {
        let sink = CollectingSink()
        bytes.withUnsafeBytes { b in
            LinkDiscoveryReporter.report(
                LinkDiscoveryFrame(kind: kind, payload: b, srcMAC: MACAddress(raw: 0x0283_0000_0001)), at: .zero, sink: sink)
        }
        return sink
    }

    static func announcement(_ sink: CollectingSink) -> DeviceAnnouncement? {
        sink.events.lazy.compactMap { if case .deviceAnnouncement(let a) = $0 { a } else { nil } }.first
    }

    @Test func lldpNamesTheDeviceAtItsManagementAddress() throws {
        let sink = Self.report(.lldp, Self.lldp)
        let a = try #require(Self.announcement(sink))
        #expect(a.chassisID == "02:83:00:00:00:01" && a.portID == "port7")
        #expect(a.managementAddresses == [IPAddress(parsing: "10.83.0.1")!])
        #expect(a.capabilities == ["bridge", "router"])
        #expect(sink.weirdNames.isEmpty)
        #expect(
            sink.identitiesAndRoles == [
                "10.83.0.1 name=ts-sw-14 (lldp System Name)", "10.83.0.1 product=Access switch, firmware 2.4.1 (lldp System Description)",
                "10.83.0.1 vendor=Acme Rail (lldp LLDP-MED Manufacturer Name)", "10.83.0.1 model=TS-8 (lldp LLDP-MED Model Name)",
                "10.83.0.1 firmware=2.4.1 (lldp LLDP-MED Firmware Revision)", "10.83.0.1 lldp_speaker", "10.83.0.1 bridge",
                "10.83.0.1 router",
            ])
    }

    @Test func cdpNamesTheDeviceAtItsAddress() throws {
        let sink = Self.report(.cdp, Self.cdp)
        let a = try #require(Self.announcement(sink))
        #expect(a.portID == "GigabitEthernet0/1" && a.capabilities == ["router", "switch"])
        #expect(sink.weirdNames.isEmpty)
        #expect(
            sink.identitiesAndRoles == [
                "10.83.0.2 name=cab-rtr-7 (cdp Device ID)", "10.83.0.2 model=SCR-100 (cdp Platform)",
                "10.83.0.2 software=Router software 15.2(4)M7 (cdp Software Version)", "10.83.0.2 cdp_speaker",
                "10.83.0.2 router", "10.83.0.2 switch",
            ])
    }

    /// A frame cut inside a TLV keeps what came before it and says where it broke.
    @Test func aTruncatedTLVKeepsWhatCameBefore() throws {
        let cut = Array(Self.lldp.prefix(60))
        let sink = Self.report(.lldp, cut)
        let a = try #require(Self.announcement(sink))
        #expect(a.systemName == "ts-sw-14")
        #expect(sink.weirdNames == ["lldp_malformed"])
        let addl = sink.events.compactMap { if case .weird(let w) = $0 { w.addl } else { nil } }
        #expect(addl == ["the TLV at byte 31 runs past the frame"])
        let cdpCut = Array(Self.cdp.prefix(30))
        let cdpSink = Self.report(.cdp, cdpCut)
        #expect(Self.announcement(cdpSink)?.systemName == "cab-rtr-7")
        #expect(cdpSink.weirdNames == ["cdp_malformed"])
    }

    @Test func malformedFramesAreReportedNotTrusted() throws {
        // Port ID before Chassis ID: not an LLDPDU (§8.2).
        let reordered = Self.tlv(2, [5] + Self.text("p")) + Self.tlv(1, [4, 0, 0, 0, 0, 0, 1]) + Self.tlv(3, [0, 1])
        #expect(Self.report(.lldp, reordered).weirdNames == ["lldp_malformed"])
        // A CDP version 9 header; a TLV whose length is under its own header.
        #expect(Self.report(.cdp, [9, 180, 0, 0]).weirdNames == ["cdp_malformed"])
        #expect(Self.report(.cdp, [2, 180, 0, 0, 0, 1, 0, 2]).weirdNames == ["cdp_malformed"])
        // Without a management address nothing is said of any asset, but subscribers still get the frame.
        let anonymous =
            Self.tlv(1, [7] + Self.text("x")) + Self.tlv(2, [7] + Self.text("y")) + Self.tlv(3, [0, 1]) + Self.tlv(5, Self.text("sw"))
        let sink = Self.report(.lldp, anonymous)
        #expect(sink.identitiesAndRoles.isEmpty && Self.announcement(sink)?.systemName == "sw")
    }
}
