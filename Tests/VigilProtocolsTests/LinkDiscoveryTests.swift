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
    }

    /// Without a management address the device is named by the frame's source MAC.
    @Test func aDeviceWithoutAnAddressIsNamedByItsMAC() throws {
        let anonymous =
            Self.tlv(1, [7] + Self.text("x")) + Self.tlv(2, [7] + Self.text("y")) + Self.tlv(3, [0, 1]) + Self.tlv(5, Self.text("sw"))
        let sink = Self.report(.lldp, anonymous)
        #expect(Self.announcement(sink)?.systemName == "sw")
        #expect(sink.identitiesAndRoles == ["02:83:00:00:00:01 name=sw (lldp System Name)", "02:83:00:00:00:01 lldp_speaker"])
    }

    // MARK: PROFINET DCP (IEC 61158-6-10 §4.3)

    /// A DCP block as a device sends it: option, suboption, length, BlockInfo 0, value, padded.
    static func dcpBlock(_ option: UInt8, _ suboption: UInt8, _ value: [UInt8], info: UInt16 = 0) -> [UInt8] {
        let body = [UInt8(info >> 8), UInt8(info & 0xFF)] + value
        let n = UInt16(body.count)
        return [option, suboption, UInt8(n >> 8), UInt8(n & 0xFF)] + body + (body.count % 2 == 1 ? [0] : [])
    }

    /// FrameID, ServiceID, ServiceType, Xid, ResponseDelay, DCPDataLength, then the blocks.
    static func dcpFrame(frameID: UInt16 = 0xFEFF, service: UInt8 = 5, type: UInt8 = 1, _ blocks: [UInt8]) -> [UInt8] {
        let n = UInt16(blocks.count)
        return [UInt8(frameID >> 8), UInt8(frameID & 0xFF), service, type, 0x12, 0x34, 0x56, 0x78, 0, 0, UInt8(n >> 8), UInt8(n & 0xFF)]
            + blocks
    }

    /// An Identify response: NameOfStation "pump-plc-3" (10 bytes), Type of Station "S7-1500"
    /// (7 bytes: padded), DeviceID 0x002A/0x010E, role IO-Controller, IP 10.84.5.21/24 (set).
    static let dcpIdentify: [UInt8] = dcpFrame(
        dcpBlock(2, 2, text("pump-plc-3")) + dcpBlock(2, 1, text("S7-1500")) + dcpBlock(2, 3, [0x00, 0x2A, 0x01, 0x0E])
            + dcpBlock(2, 4, [0x02, 0x00]) + dcpBlock(1, 2, [10, 84, 5, 21, 255, 255, 255, 0, 0, 0, 0, 0], info: 1))

    @Test func dcpIdentifyResponseNamesTheDeviceAtItsAddress() throws {
        let sink = Self.report(.profinetDCP, Self.dcpIdentify + [0, 0, 0, 0])  // Ethernet padding after the DCP data
        let a = try #require(Self.announcement(sink))
        #expect(a.source == .dcp && a.vendorID == 0x2A && a.deviceID == 0x10E)
        #expect(sink.weirdNames.isEmpty)
        #expect(
            sink.identitiesAndRoles == [
                "10.84.5.21 name=pump-plc-3 (dcp NameOfStation)", "10.84.5.21 model=S7-1500 (dcp Type of Station)",
                "10.84.5.21 product=PROFINET vendor 0x002a device 0x010e (dcp DeviceID)", "10.84.5.21 dcp_speaker",
                "10.84.5.21 profinet_io_controller",
            ])
        // The address is the answering interface's: its MAC is bound to it.
        let bindings = sink.events.compactMap { if case .binding(let mac, let host, _) = $0 { "\(mac) \(host)" } else { nil } }
        #expect(bindings == ["02:83:00:00:00:01 10.84.5.21"])
    }

    /// A device fresh from the box: empty name, IP "not set" (0.0.0.0), known by its MAC.
    @Test func aDCPDeviceWithoutAddressIsNamedByItsMAC() throws {
        let frame = Self.dcpFrame(
            Self.dcpBlock(2, 2, []) + Self.dcpBlock(2, 1, Self.text("ET200SP")) + Self.dcpBlock(2, 4, [0x01, 0x00])
                + Self.dcpBlock(1, 2, Array(repeating: 0, count: 12)))
        let sink = Self.report(.profinetDCP, frame)
        #expect(
            sink.identitiesAndRoles == [
                "02:83:00:00:00:01 model=ET200SP (dcp Type of Station)", "02:83:00:00:00:01 dcp_speaker",
                "02:83:00:00:00:01 profinet_io_device",
            ])
    }

    /// Requests name nothing of their sender; a Set names what it writes to another device.
    @Test func dcpRequestsAreNotIdentity() throws {
        let identifyAll = Self.dcpFrame(frameID: 0xFEFE, service: 5, type: 0, [0xFF, 0xFF, 0, 0])
        let set = Self.dcpFrame(frameID: 0xFEFD, service: 4, type: 0, Self.dcpBlock(2, 2, Self.text("io-rack-7"), info: 1))
        for frame in [identifyAll, set] {
            let sink = Self.report(.profinetDCP, frame)
            #expect(sink.events.isEmpty)
        }
    }

    /// A block running past the DCP data keeps the blocks before it and says where it broke;
    /// a header cut short is reported, not read.
    @Test func aTruncatedDCPBlockKeepsWhatCameBefore() throws {
        let cut = Array(Self.dcpIdentify.prefix(30))
        var lying = cut
        lying[10] = 0
        lying[11] = 200  // the DCP data length claims more than the frame holds
        let sink = Self.report(.profinetDCP, lying)
        #expect(Self.announcement(sink)?.systemName == "pump-plc-3")
        #expect(sink.weirdNames == ["dcp_malformed"])
        let addl = sink.events.compactMap { if case .weird(let w) = $0 { w.addl } else { nil } }
        #expect(addl == ["the block at byte 28 runs past the DCP data"])
        #expect(Self.report(.profinetDCP, Array(Self.dcpIdentify.prefix(11))).weirdNames == ["dcp_malformed"])
    }
}
