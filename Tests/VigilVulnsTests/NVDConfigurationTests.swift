import Testing
import VigilCore

@testable import VigilVulns

/// NVD configurations (CVE API 2.0): what a vulnerable product must run on, and what a
/// negated node excludes, on the shared records and on records written for a case they lack.
@Suite struct NVDConfigurationTests {
    typealias F = DeviceIdentity.Field
    static let records = FeedImportTests.imported.feeds.records
    static let vendors = try! VendorNames.load()

    static func record(_ id: String) throws -> CVERecord { try #require(records.first { $0.id == id }) }

    @Test func firmwareOnItsOwnHardwareIsNamedByTheModel() throws {
        // CVE-2019-10953: modicon_m221_firmware < 1.10.0.0 AND modicon_m221 (vulnerable: false).
        let entries = CatalogueEntry.entries(of: try Self.record("CVE-2019-10953"), vendors: Self.vendors)
        let m221 = try #require(entries.first { $0.fullName.contains("modicon_m221_firmware") })
        #expect(m221.words == ["MODICON", "M221"])
        #expect(m221.platform == nil)
        #expect(m221.concerns.map(\.status) == [.affected])
    }

    @Test func softwareOnOtherHardwareIsAnEntryForThatHardware() throws {
        // CVE-2023-2071: factorytalk_view (machine edition) <= 13.0 AND panelview_plus.
        let entries = CatalogueEntry.entries(of: try Self.record("CVE-2023-2071"), vendors: Self.vendors)
        #expect(entries.count == 1)
        #expect(entries.first?.words == ["PANELVIEW", "PLUS"])
        #expect(entries.first?.platform == .hardware(software: "factorytalk view"))

        // A PanelView Plus terminal (catalogue 2711P, the PanelView Plus family) is matched by its
        // family, and the software's versions are compared with the software it states.
        let matcher = MatchingTests.matcher
        func terminal(software: String?) -> DeviceIdentity {
            DeviceIdentity(
                ips: ["10.0.0.7"], vendor: F("Rockwell Automation", evidence: "enip ListIdentity vendor id 1"),
                model: F("2711P-T7C22D9P", evidence: "enip ListIdentity product name"),
                software: software.map { F($0, evidence: "http Server header") })
        }
        let unknown = matcher.matches(for: terminal(software: nil)).first { $0.cve == "CVE-2023-2071" }
        #expect(unknown?.confidence == .possible)
        #expect(unknown?.evidence.contains("runs factorytalk view on this hardware (NVD configuration)") == true)
        #expect(unknown?.evidence.contains("software unknown; affected: <=13.0") == true)
        #expect(matcher.matches(for: terminal(software: "12.0")).contains { $0.cve == "CVE-2023-2071" })
        #expect(!matcher.matches(for: terminal(software: "14.0")).contains { $0.cve == "CVE-2023-2071" }, "a fixed software version")
        // Before, the entry was named by the software, and no device ever reports that name as its model.
        let console = DeviceIdentity(
            ips: ["10.0.0.8"], vendor: F("Rockwell Automation", evidence: "test"), model: F("FactoryTalk View", evidence: "test"))
        #expect(!matcher.matches(for: console).contains { $0.cve == "CVE-2023-2071" })
    }

    @Test func aPlatformTheTrafficCannotShowKeepsTheMatchLikely() throws {
        // CVE-2019-7588: exacq enterprise_system_manager <= 5.12.2 AND microsoft windows.
        let entries = CatalogueEntry.entries(of: try Self.record("CVE-2019-7588"), vendors: Self.vendors)
        #expect(entries.count == 1)
        #expect(entries.first?.platform == .unseen("windows"))
        #expect(entries.first?.words == ["ENTERPRISE", "SYSTEM", "MANAGER"])
    }

    @Test func aNegatedNodeClearsTheDevicesItNames() throws {
        // NVD's shared records have no negated node; this one says every M221 firmware below
        // 1.10 is affected, except 1.6.2.0.
        let node = { (negate: Bool, criteria: String, end: String?) in
            CVERecord.Node(
                requiresAll: false, negate: negate,
                matches: [
                    CVERecord.CPEMatch(
                        vulnerable: true, criteria: criteria, startIncluding: nil, startExcluding: nil, endIncluding: nil, endExcluding: end
                    )
                ])
        }
        let record = CVERecord(
            id: "CVE-2099-0001", lastModified: "2099-01-01T00:00:00.000", description: "Test. More.", score: nil,
            configurations: [
                CVERecord.Configuration(
                    requiresAll: true,
                    nodes: [
                        node(false, "cpe:2.3:o:schneider-electric:modicon_m221_firmware:*:*:*:*:*:*:*:*", "1.10.0.0"),
                        node(true, "cpe:2.3:o:schneider-electric:modicon_m221_firmware:1.6.2.0:*:*:*:*:*:*:*", nil),
                    ])
            ])
        let entries = CatalogueEntry.entries(of: record, vendors: Self.vendors)
        #expect(entries.map { $0.concerns.map(\.status) } == [[.affected], [.notAffected]])
        var feeds = VulnerabilityFeeds()
        feeds.records = [record]
        let matcher = try VulnerabilityMatcher(feeds: feeds)
        func m221(_ firmware: String) -> DeviceIdentity {
            DeviceIdentity(
                ips: ["10.0.0.9"], vendor: F("Schneider Electric", evidence: "modbus FC 43"),
                model: F("Modicon M221", evidence: "modbus FC 43"),
                firmware: F(firmware, evidence: "modbus FC 43"))
        }
        #expect(matcher.matches(for: m221("1.5.0.0")).map(\.confidence) == [.confirmed])
        #expect(matcher.matches(for: m221("1.6.2.0")).isEmpty, "the negated version")
        #expect(matcher.matches(for: m221("1.10.0.0")).isEmpty, "the fixed version")
    }
}
