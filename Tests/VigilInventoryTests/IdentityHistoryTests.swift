import Testing
import VigilCore
import VigilEvents

@testable import VigilInventory

/// A field read from several sources keeps every reading: the first source's latest value is
/// the field's, other sources' differing values are conflicts, and the first source's values
/// in order are the field's history. Devices known only by their MAC join the device with that
/// MAC once it shows an address.
@Suite struct IdentityHistoryTests {
    let plc = IPAddress.v4(0x0A54_0515)  // 10.84.5.21
    let plcMAC = MACAddress(raw: 0x001B_1B84_0501)

    func at(_ s: Int64) -> Timestamp { Timestamp(seconds: s, nanos: 0) }

    @Test func aFirmwareUpdateIsAChangeAndTheNewValueIsTheField() throws {
        let inv = AssetInventory()
        inv.receive(.identity(host: plc, field: .firmware, value: "V2.8.3", evidence: "s7 SZL 0x0011"), at: at(10))
        inv.receive(.identity(host: plc, field: .firmware, value: "V2.8.3", evidence: "s7 SZL 0x0011"), at: at(20))
        inv.receive(.identity(host: plc, field: .firmware, value: "V2.9.1", evidence: "s7 SZL 0x0011"), at: at(30))
        let a = try #require(inv.assets.first)
        #expect(a.identity[.firmware]?.value == "V2.9.1")
        let history = try #require(a.readings[.firmware]?.history)
        #expect(history.map(\.value) == ["V2.8.3", "V2.9.1"])
        #expect(history.map(\.first) == [at(10), at(30)])
        #expect(history.first?.last == at(20))
        let json = InventoryJSON.assets(inv)
        #expect(
            json.contains(
                #""identity_changes":[{"field":"firmware","old":"V2.8.3","new":"V2.9.1","evidence":"s7 SZL 0x0011","ts":30.000000}]"#))
    }

    @Test func twoSourcesThatDisagreeAreBothKept() throws {
        let inv = AssetInventory()
        inv.receive(.identity(host: plc, field: .name, value: "pump-plc-3", evidence: "dcp NameOfStation"), at: at(10))
        inv.receive(.identity(host: plc, field: .name, value: "PUMP STATION 3", evidence: "s7 SZL 0x001c"), at: at(12))
        inv.receive(.identity(host: plc, field: .name, value: "pump-plc-3", evidence: "lldp System Name"), at: at(14))
        let a = try #require(inv.assets.first)
        #expect(a.identity[.name]?.value == "pump-plc-3" && a.identity[.name]?.evidence == "dcp NameOfStation")
        // The LLDP reading agrees in value: not a conflict.
        #expect(a.readings[.name]?.conflicts.map(\.evidence) == ["s7 SZL 0x001c"])
        #expect(a.readings[.name]?.history.count == 1)
        #expect(
            InventoryJSON.assets(inv).contains(
                #""identity_conflicts":[{"field":"name","value":"PUMP STATION 3","evidence":"s7 SZL 0x001c","first_seen":12.000000}]"#))
    }

    /// A product code standing in for the model gives way to a model name read later, and is
    /// no conflict.
    @Test func aFallbackGivesWayAndIsNoConflict() throws {
        let inv = AssetInventory()
        inv.receive(.identity(host: plc, field: .model, value: "166", evidence: "modbus FC43 object 0x01 (fallback)"), at: at(5))
        inv.receive(.identity(host: plc, field: .model, value: "M580", evidence: "modbus FC43 object 0x05"), at: at(9))
        let a = try #require(inv.assets.first)
        #expect(a.identity[.model]?.value == "M580")
        #expect(a.readings[.model]?.conflicts.isEmpty == true)
    }

    /// Readings kept per field are bounded; the earliest are kept.
    @Test func readingsPerFieldAreBounded() throws {
        let inv = AssetInventory()
        for i in 0..<50 {
            inv.receive(.identity(host: plc, field: .serial, value: "S\(i)", evidence: "forged"), at: at(Int64(100 + i)))
        }
        let a = try #require(inv.assets.first)
        #expect(a.readings[.serial]?.all.count == IdentityReadings.maxReadings)
        #expect(a.readings[.serial]?.all.first?.value == "S0")
    }

    /// Two workers that each saw part of the readings merge into what one worker learns.
    @Test func workersMergeIntoOneWorkersReadings() throws {
        let events: [(Int64, String, String)] = [
            (10, "V1", "s7 SZL 0x0011"), (11, "V9", "http Server header"), (20, "V2", "s7 SZL 0x0011"), (25, "V1", "s7 SZL 0x0011"),
        ]
        let one = AssetInventory()
        let a = AssetInventory()
        let b = AssetInventory()
        for (i, (t, v, e)) in events.enumerated() {
            let event = SensorEvent.identity(host: plc, field: .firmware, value: v, evidence: e)
            one.receive(event, at: at(t))
            (i % 2 == 0 ? a : b).receive(event, at: at(t))
        }
        b.merge(a)
        #expect(b.assets.first?.readings == one.assets.first?.readings)
        // V1 was read again after V2: it is the value now.
        #expect(one.assets.first?.identity[.firmware]?.value == "V1")
    }

    /// A device that announced itself by MAC alone joins the asset that later shows that MAC.
    @Test func aMACOnlyDeviceJoinsTheAssetWithItsMAC() throws {
        let inv = AssetInventory()
        inv.receive(.macIdentity(mac: plcMAC, field: .name, value: "io-rack-7", evidence: "dcp NameOfStation"), at: at(10))
        inv.receive(.macRole(mac: plcMAC, role: "profinet_io_device"), at: at(10))
        let alone = try #require(inv.assets.first)
        #expect(alone.ips.isEmpty && alone.mac == plcMAC && alone.roles == ["profinet_io_device"])
        #expect(InventoryJSON.assets(inv).contains(#""key":"00:1b:1b:84:05:01","mac":"00:1b:1b:84:05:01""#))
        inv.receive(.binding(mac: plcMAC, host: plc, evidence: "arp"), at: at(20))
        let joined = inv.assets
        #expect(joined.count == 1)
        #expect(joined.first?.ips == [plc] && joined.first?.identity[.name]?.value == "io-rack-7")
        #expect(joined.first?.roles == ["profinet_io_device"] && joined.first?.firstSeen == at(10))
    }

    /// Group MACs name no device; a flood of forged MACs counts against the asset bound.
    @Test func macOnlyDevicesAreBounded() {
        let inv = AssetInventory()
        inv.receive(.macRole(mac: MACAddress(raw: 0x0100_5E00_0001), role: "x"), at: at(1))
        #expect(inv.assets.isEmpty)
        for i in 0..<(AssetInventory.maxAssets + 5) {
            inv.receive(.macRole(mac: MACAddress(raw: 0x0200_0000_0000 + UInt64(i)), role: "x"), at: at(1))
        }
        #expect(inv.macOnly.count == AssetInventory.maxAssets && inv.assetsDropped == 5)
    }
}
