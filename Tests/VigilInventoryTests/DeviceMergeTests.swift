import Testing
import VigilCore
import VigilEvents

@testable import VigilInventory

/// One device per MAC on a link: a host with a static and a DHCP-assigned address is one
/// asset, while addresses a router forwards (its MAC, other subnets) stay apart.
@Suite struct DeviceMergeTests {
    let hmiMAC = MACAddress(raw: 0x001B_1B30_4002)
    let routerMAC = MACAddress(raw: 0x0080_F410_2001)
    let staticIP = IPAddress.v4(0x0A4D_0002)  // 10.77.0.2
    let dhcpIP = IPAddress.v4(0x0A4D_0064)  // 10.77.0.100
    let plc = IPAddress.v4(0x0A4D_0001)  // 10.77.0.1
    let t = Timestamp(seconds: 10, nanos: 0)

    func connection(_ inv: AssetInventory, from client: IPAddress, mac: MACAddress?, to server: IPAddress, service: String) {
        inv.observe(
            connection: ConnectionID(origHost: client, origPort: 40000, respHost: server, respPort: 502, proto: .tcp),
            services: [service], origMAC: mac, respMAC: nil, start: t, last: t, packets: 4, bytes: 400, answered: true)
    }

    @Test func twoAddressesOfOneHostOnOneLinkAreOneDevice() throws {
        let inv = AssetInventory()
        connection(inv, from: staticIP, mac: hmiMAC, to: plc, service: "modbus")
        inv.receive(.role(host: staticIP, role: "modbus_client"), at: t)
        inv.receive(.binding(mac: hmiMAC, host: dhcpIP, evidence: "dhcp"), at: t)
        inv.receive(.hostname(host: dhcpIP, name: "vigil-display", evidence: "dhcp host_name"), at: t)
        let hmi = try #require(inv.assets.first { $0.mac == hmiMAC })
        #expect(hmi.ips == [staticIP, dhcpIP])
        #expect(hmi.roles == ["modbus_client"])
        #expect(hmi.hostnames.map(\.value) == ["vigil-display"])
        #expect(inv.assets.filter { $0.mac == hmiMAC }.count == 1)
    }

    @Test func addressesBehindARouterStayApart() {
        let inv = AssetInventory()
        let router = IPAddress.v4(0x0A4D_00FE)  // 10.77.0.254
        let remoteA = IPAddress.v4(0x0A63_0005)  // 10.99.0.5, routed: arrives in the router's frames
        let remoteB = IPAddress.v4(0x0A64_0007)  // 10.100.0.7
        inv.observeARP(senderMAC: routerMAC, senderIP: router, at: t)
        connection(inv, from: remoteA, mac: routerMAC, to: plc, service: "modbus")
        connection(inv, from: remoteB, mac: routerMAC, to: plc, service: "modbus")
        let behind = inv.assets.filter { $0.mac == routerMAC }
        #expect(behind.map(\.ips) == [[router], [remoteA], [remoteB]].sorted { $0.first! < $1.first! })
    }
}

extension DeviceMergeTests {
    /// A BACnet router or proxy fronts several devices with one MAC on their own subnet.
    @Test func aGatewayFrontingSeveralDevicesKeepsThemApart() {
        let inv = AssetInventory()
        let devices = (10...12).map { IPAddress.v4(0xAC14_2000 + UInt32($0)) }  // 172.20.32.10-12
        for d in devices { connection(inv, from: d, mac: routerMAC, to: plc, service: "bacnet") }
        #expect(inv.assets.filter { $0.mac == routerMAC }.count == 3)
    }

    /// Two addresses behind one MAC whose devices name different vendors are two devices.
    @Test func conflictingIdentitiesAreNotMerged() {
        let inv = AssetInventory()
        connection(inv, from: staticIP, mac: hmiMAC, to: plc, service: "bacnet")
        connection(inv, from: dhcpIP, mac: hmiMAC, to: plc, service: "bacnet")
        inv.receive(.identity(host: staticIP, field: .vendor, value: "ASI Controls", evidence: "bacnet"), at: t)
        inv.receive(.identity(host: dhcpIP, field: .vendor, value: "WILO SE", evidence: "bacnet"), at: t)
        #expect(inv.assets.filter { $0.mac == hmiMAC }.count == 2)
    }
}
