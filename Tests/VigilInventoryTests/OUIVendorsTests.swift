import Foundation
import Testing
import VigilCore

@testable import VigilInventory

/// The OUI registry is data beside the binary; its names must be the IEEE's, without the
/// punctuation the registry's records trail.
@Suite struct OUIVendorsTests {
    @Test func namesLoseTrailingPunctuationOnly() {
        #expect(OUIVendors.cleanName("Siemens AG,") == "Siemens AG")
        #expect(OUIVendors.cleanName("DU PONT PIXEL SYSTEMS .") == "DU PONT PIXEL SYSTEMS")
        #expect(OUIVendors.cleanName("Siemens AG, Automations & Drives,") == "Siemens AG, Automations & Drives")
        #expect(OUIVendors.cleanName("Cisco Systems, Inc") == "Cisco Systems, Inc")
        #expect(OUIVendors.cleanName("Apple, Inc.") == "Apple, Inc.")
        #expect(OUIVendors.cleanName("  Acme   Corp  ;") == "Acme Corp")
    }

    @Test func theBundledRegistryLoads() {
        #expect(OUIVendors.table.count > 30_000)
        #expect(OUIVendors.vendor(of: MACAddress(raw: 0x001B_1B30_4002)) == "Siemens AG")
        #expect(OUIVendors.vendor(of: MACAddress(raw: 0x0080_F410_2001)) == "TELEMECANIQUE ELECTRIQUE")
        // Locally administered and group addresses name no organisation.
        #expect(OUIVendors.vendor(of: MACAddress(raw: 0x021B_1B30_4002)) == nil)
        #expect(OUIVendors.vendor(of: MACAddress(raw: 0x011B_1B30_4002)) == nil)
    }

    @Test func csvFieldsFollowRFC4180Quoting() {
        #expect(OUIVendors.csvFields(#"MA-L,001B1B,"Siemens AG,",Address"#, count: 3) == ["MA-L", "001B1B", "Siemens AG,"])
        #expect(OUIVendors.csvFields(#"MA-L,00000C,"Say ""hi""",x"#, count: 3) == ["MA-L", "00000C", #"Say "hi""#])
        #expect(OUIVendors.csvFields("a,b", count: 3) == ["a", "b"])
    }

    /// Peer check: every entry of Debian's ieee-data registry (CI installs it) has the same
    /// organisation, cleaned, in the bundled table, and the bundle has nothing Debian's lacks.
    @Test func bundledTableEqualsDebiansRegistry() throws {
        let path = "/usr/share/ieee-data/oui.csv"
        try #require(FileManager.default.fileExists(atPath: path), "install Debian's ieee-data (.ci/run does)")
        let debian = OUIVendors.parseIEEECSV(try String(contentsOfFile: path, encoding: .utf8))
        let bundled = OUIVendors.table
        #expect(debian.count == bundled.count)
        let differing = debian.filter { bundled[$0.key] != $0.value }
        #expect(differing.isEmpty, "\(differing.count) OUIs differ, e.g. \(differing.prefix(3))")
    }
}
