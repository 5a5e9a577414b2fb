import Testing
import VigilCore

@testable import VigilVulns

/// Expected matches, written by hand, for the devices the corpus reveals (identity exactly as
/// `vigil analyze` reads it from their traffic) against the shared advisories and records,
/// and the non-matches that must not be reported.
@Suite struct MatchingTests {
    static let matcher = try! VulnerabilityMatcher(feeds: FeedImportTests.imported.feeds)

    typealias F = DeviceIdentity.Field

    func matches(_ d: DeviceIdentity) -> [String: VulnerabilityMatch] {
        Dictionary(uniqueKeysWithValues: Self.matcher.matches(for: d).map { ($0.cve, $0) })
    }

    /// The S7-300 of the corpus (s7comm SZL 0x0011 and 0x001C replies).
    func s7(firmware: String, order: String = "6ES7 315-2EH14-0AB0", model: String = "CPU 315-2 PN/DP") -> DeviceIdentity {
        DeviceIdentity(
            ips: ["134.217.61.211"], vendor: F("Siemens", evidence: "s7comm (Siemens-only protocol)"),
            product: F(order, evidence: "s7comm SZL 0x0011 index 1 (order number)"),
            model: F(model, evidence: "s7comm SZL 0x001C index 7 (module type name)"),
            firmware: F(firmware, evidence: "s7comm SZL 0x0011 index 7 (firmware)"))
    }

    /// The ControlLogix Ethernet module of the corpus (ENIP ListIdentity).
    func logix(_ model: String, revision: String) -> DeviceIdentity {
        DeviceIdentity(
            ips: ["10.1.1.164"], vendor: F("Rockwell Automation/Allen-Bradley", evidence: "enip ListIdentity vendor id 1"),
            product: F("Communications Adapter", evidence: "enip ListIdentity device type 12"),
            model: F(model, evidence: "enip ListIdentity product name"), firmware: F(revision, evidence: "enip ListIdentity revision"))
    }

    /// The Metasys network automation engine of the corpus (BACnet ReadProperty).
    func nae(firmware: String) -> DeviceIdentity {
        DeviceIdentity(
            ips: ["10.1.1.165"], vendor: F("JCI", evidence: "bacnet ReadProperty vendor-name"),
            model: F("MS-NAE4510-2", evidence: "bacnet ReadProperty model-name"),
            firmware: F(firmware, evidence: "bacnet ReadProperty firmware-revision"))
    }

    @Test func s7_300WithOldFirmwareIsConfirmedByOrderNumber() {
        // ICSA-23-222-09 lists SIMATIC S7-300 CPU 315-2 PN/DP (6ES7315-2EH14-0AB0) at
        // vers:all/<V3.2.19 for CVE-2022-4304; the corpus PLCs run V3.2.7 and V3.2.6.
        for fw in ["V3.2.7", "V3.2.6"] {
            let m = matches(s7(firmware: fw))
            #expect(Set(m.keys) == ["CVE-2022-4304"])
            let hit = m["CVE-2022-4304"]
            #expect(hit?.confidence == .confirmed)
            #expect(hit?.advisory == "ICSA-23-222-09")
            #expect(hit?.product == "SIMATIC S7-300 CPU 315-2 PN/DP (6ES7315-2EH14-0AB0)")
            #expect(hit?.fixedVersion == "V3.2.19")
            #expect(hit?.score?.base == 5.9)
            #expect(hit?.evidence.first?.hasPrefix("order number 6ES7 315-2EH14-0AB0") == true)
        }
    }

    @Test func s7_300NonMatches() {
        // The fixed version.
        #expect(matches(s7(firmware: "V3.2.19")).isEmpty)
        // The SIPLUS twin (6AG1315-2EH14-7AB0) shares the model name but not the order number:
        // only the SIMATIC entry may match, whatever the firmware.
        #expect(Self.matcher.matches(for: s7(firmware: "V3.2.7")).allSatisfy { !$0.product.contains("SIPLUS") })
        // Another model of the family that no shared advisory lists.
        #expect(matches(s7(firmware: "V3.3.10", order: "6ES7 312-1AE14-0AB0", model: "CPU 312")).isEmpty)
        // Another listed model is its own entry: CPU 315F-2 PN/DP at a fixed version.
        #expect(matches(s7(firmware: "V3.2.19", order: "6ES7 315-2FJ14-0AB0", model: "CPU 315F-2 PN/DP")).isEmpty)
    }

    @Test func s7WithoutFirmwareIsLikely() {
        var d = s7(firmware: "V3.2.7")
        d.firmware = nil
        #expect(matches(d)["CVE-2022-4304"]?.confidence == .likely)
    }

    @Test func controlLogixENBTIsConfirmedForAllVersions() {
        // ICSA-18-310-02: "1756 ControlLogix EtherNet/IP Communications Modules 1756-ENBT",
        // vers:all/*, CVE-2018-17924; 1756-ENBT/A is that catalogue number in series A.
        let m = matches(logix("1756-ENBT/A", revision: "4.3"))
        #expect(Set(m.keys) == ["CVE-2018-17924"])
        #expect(m["CVE-2018-17924"]?.confidence == .confirmed)
        #expect(m["CVE-2018-17924"]?.advisory == "ICSA-18-310-02")
    }

    @Test func controlLogixSeriesMustAgree() {
        // The same advisory: 1756-EN2T Series D only up to 10.10; Series A, B and C all versions.
        #expect(matches(logix("1756-EN2T/D", revision: "10.10"))["CVE-2018-17924"]?.confidence == .confirmed)
        #expect(matches(logix("1756-EN2T/D", revision: "11.001"))["CVE-2018-17924"] == nil)
        #expect(matches(logix("1756-EN2T/C", revision: "11.001"))["CVE-2018-17924"]?.confidence == .confirmed)
    }

    @Test func metasysEngineMatchesFamilyAdvisoriesAsPossible() {
        // MS-NAE4510-2 is a Metasys network engine (product-families.tsv). Advisories naming
        // the whole Metasys system apply possibly: ICSA-21-159-01 (all versions),
        // ICSA-19-227-01 (< 9.0, two CVEs), ICSA-18-212-02 (<= 8.0). Advisories for other
        // Metasys products (SNE engines, ADS/ADX servers, the SCT tool, NAE55) must not.
        let m = matches(nae(firmware: "5.1.0.4400"))
        #expect(Set(m.keys) == ["CVE-2021-27657", "CVE-2019-7593", "CVE-2019-7594", "CVE-2018-10624"])
        #expect(m.values.allSatisfy { $0.confidence == .possible })
        #expect(m["CVE-2019-7593"]?.advisory == "ICSA-19-227-01")
        // Release 9.0 is past the fixes of 2018 and 2019.
        #expect(Set(matches(nae(firmware: "9.0")).keys) == ["CVE-2021-27657"])
    }

    @Test func registryVendorsWithInventedModelsMatchNothing() {
        // The BACnet test network of the corpus: real vendor ids, made-up model names.
        for (vendor, model) in [("Siemens Schweiz AG (Formerly: Cerberus AG)", "RCG-525"), ("JCI Systems Integration Services", "EIB-728")]
        {
            let d = DeviceIdentity(
                ips: ["172.20.32.116"], vendor: F(vendor, evidence: "bacnet I-Am"),
                model: F(model, evidence: "bacnet ReadProperty model-name"),
                firmware: F("1.4.7", evidence: "bacnet ReadProperty firmware-revision"))
            #expect(matches(d).isEmpty, "\(vendor) \(model)")
        }
        // A device that names only its vendor is never matched.
        #expect(matches(DeviceIdentity(ips: ["192.168.0.1"], vendor: F("Siemens", evidence: "s7comm"))).isEmpty)
    }

    @Test func knownExploitedVulnerabilitiesAreMarked() {
        // ICSA-18-107-04: Allen-Bradley Stratix 5400 <= 15.2(6)E0a, CVE-2018-0171, in KEV
        // since 2021-11-03.
        let d = DeviceIdentity(
            ips: ["10.0.0.2"], vendor: F("Rockwell Automation", evidence: "test"), model: F("Stratix 5400", evidence: "test"),
            firmware: F("15.2(5)EA.fc4", evidence: "test"))
        let m = matches(d)
        #expect(m["CVE-2018-0171"]?.confidence == .confirmed)
        #expect(m["CVE-2018-0171"]?.knownExploited?.dateAdded == "2021-11-03")
        // KEV entries sort first.
        #expect(Self.matcher.matches(for: d).first?.knownExploited != nil)
    }

    @Test func aKnownNotAffectedVersionClearsTheMatch() {
        // An advisory that names the model affected in every version but one not affected.
        let product = { (id: String, version: String?) in
            AdvisoryProduct(
                productID: id, vendor: "Siemens", families: [], name: "SIMATIC S7-300 CPU 315-2 PN/DP", versionText: version,
                versionIsRange: true, modelNumbers: ["6ES7315-2EH14-0AB0"], cpe: nil, fullName: "CPU 315-2 PN/DP " + (version ?? ""))
        }
        let advisory = Advisory(
            id: "TEST-1", revision: "1", title: "test", publisher: "test", released: "2024-01-01",
            products: [product("A", "vers:all/*"), product("B", "vers:all/=V3.2.19")],
            vulnerabilities: [
                AdvisoryVulnerability(
                    cve: "CVE-2000-0001", title: nil, statuses: ["A": .affected, "B": .notAffected], scores: [:], remediations: [])
            ])
        var feeds = VulnerabilityFeeds()
        feeds.advisories = [advisory]
        let matcher = VulnerabilityMatcher(feeds: feeds, vendors: Self.matcher.vendors, families: Self.matcher.families)
        #expect(matcher.matches(for: s7(firmware: "V3.2.19")).isEmpty)
        #expect(matcher.matches(for: s7(firmware: "V3.2.7")).map(\.cve) == ["CVE-2000-0001"])
    }

    @Test func vendorSpellingsFold() throws {
        let v = Self.matcher.vendors
        #expect(v.canonical("Rockwell Automation/Allen-Bradley") == v.canonical("Rockwell Automation "))
        #expect(v.canonical("rockwellautomation") == "rockwell automation")
        #expect(v.canonical("JCI") == "johnson controls")
        #expect(v.canonical("Johnson Contols") == "johnson controls")
        #expect(v.canonical("Exacq Technologies, Johnson Controls Inc.") == "johnson controls")
        // The registries' spellings of a group's divisions and national companies (IEEE OUI,
        // BACnet vendor ids as Wireshark carries them) fold to the group.
        for (spelling, group) in [
            ("Siemens Canada Limited", "siemens"), ("Siemens AG Energy Management Division", "siemens"),
            ("Honeywell Analytics", "honeywell"), ("HONEYWELL-DATING", "honeywell"),
            ("Mitsubishi Electric Lighting Corporation", "mitsubishi electric"),
            ("Emerson Commercial and Residential Solutions", "emerson"), ("OMRON SOCIAL SOLUTIONS CO., LTD.", "omron"),
            ("Schneider Electric Japan Holdings Ltd.", "schneider electric"), ("Yokogawa Digital Computer Corporation", "yokogawa"),
            ("Rockwell Automation-Sprecher+Schuh", "rockwell automation"), ("Hitachi Energy Switzerland Ltd", "hitachi energy"),
            ("General Electric Digital Energy", "general electric"),
        ] {
            #expect(v.canonical(spelling) == group, "\(spelling)")
        }
        // Other companies whose names begin like a vendor's stay apart.
        #expect(v.canonical("DELTA CONTROLS, INC.") == "delta controls")
        #expect(v.canonical("Delta Computer Systems, Inc.") == "delta computer systems")
        #expect(v.canonical("Tyco Electronics AMP GmbH") == "tyco electronics amp")
        #expect(v.canonical("AB Axis Industries") == "axis industries")
        #expect(v.canonical("Rockwell Samsung Automation") == "rockwell samsung automation")
        #expect(v.canonical("Siemens AG") == "siemens")
        #expect(v.canonical("Siemens Schweiz AG (Formerly: Cerberus AG)") == "siemens")
        #expect(v.canonical("General Electric (GE)") == "general electric")
    }
}
