import Foundation
import Testing
import VigilCore
import VigilInventory

@testable import VigilSensor

/// DHCP clients named by their fingerprint: on samples/dhcp-clients.pcap three real clients
/// (ISC dhclient, BusyBox udhcpc, dhcpcd; scripts/make-dhcp-sample.sh) each take a lease, and
/// each device must be named by the client it really ran, read from what tshark dissects of its
/// requests. The table's grammar errors name the line.
@Suite struct DHCPFingerprintTests {
    /// The MAC each client ran with in the sample script, and the client.
    static let clients = [
        "00:16:3e:85:00:11": "ISC dhclient", "02:85:00:00:00:22": "BusyBox udhcpc", "02:85:00:00:00:33": "dhcpcd",
    ]

    @Test func eachSampleClientIsNamedByItsSoftware() throws {
        try #require(Corpus.available)
        let path = Corpus.packageRoot.appendingPathComponent("samples/dhcp-clients.pcap").path
        let (_, pipeline, _) = EventSubscriberTests.runPath(path)
        let assets = pipeline.inventory.assets
        for (mac, client) in Self.clients {
            let asset = try #require(assets.first { $0.mac?.description == mac }, "no device with \(mac)")
            let os = try #require(asset.identity[.os], "\(mac) has no os")
            #expect(os.value == "Linux")
            #expect(os.evidence.contains(client), "\(mac): \(os.evidence)")
            #expect(!asset.ips.isEmpty, "\(mac) took a lease")
        }
    }

    /// The option 55 lists Vigil reads are tshark's, for every client request in the sample.
    @Test func parameterListsAgreeWithTshark() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        let path = Corpus.packageRoot.appendingPathComponent("samples/dhcp-clients.pcap").path
        let out = try Corpus.tshark([
            "-n", "-r", path, "-Y", "dhcp.option.request_list_item", "-T", "fields", "-e", "eth.src", "-e", "dhcp.option.request_list_item",
        ])
        var theirs: [String: [UInt8]] = [:]
        for line in String(decoding: out, as: UTF8.self).split(separator: "\n") {
            let cols = line.split(separator: "\t")
            guard cols.count == 2 else { continue }
            theirs[String(cols[0])] = cols[1].split(separator: ",").compactMap { UInt8($0) }
        }
        #expect(theirs.count == Self.clients.count)
        let (_, _, collector) = EventSubscriberTests.runPath(path)
        var ours: [String: [UInt8]] = [:]
        for e in collector.events {
            if case .dhcp(let x) = e, let mac = x.mac { ours[mac.description] = x.parameters }
        }
        #expect(ours == theirs)
    }

    @Test func theFirstMatchingLineDecides() throws {
        let table = """
            # comment
            Windows\tMicrosoft\toption60 ^ MSFT 5.0\tdocs
            Linux\tudhcpc\toption55 = 1,3,6,12,15,28,42\tsample
            """
        let t = try DHCPFingerprints(table: table, source: "t.tsv")
        #expect(t.identify(vendorClass: "MSFT 5.0", parameters: [1, 3, 6, 12, 15, 28, 42])?.os == "Windows")
        #expect(t.identify(vendorClass: nil, parameters: [1, 3, 6, 12, 15, 28, 42])?.evidence == "dhcp fingerprint of udhcpc (option 55)")
        // The order of the codes is part of the fingerprint.
        #expect(t.identify(vendorClass: nil, parameters: [1, 3, 6, 12, 15, 42, 28]) == nil)
    }

    @Test func aBadLineIsNamed() {
        #expect(throws: VigilError.self) { try DHCPFingerprints(table: "Linux\tx\toption55 = 1,300\ts", source: "t.tsv") }
        do {
            _ = try DHCPFingerprints(table: "# c\nLinux\tx\toption61 ~ y\ts", source: "t.tsv")
            Issue.record("a bad match was accepted")
        } catch {
            #expect(error.description.contains("line 2") && error.description.contains("t.tsv"))
        }
    }

    @Test func theBundledTableLoads() {
        #expect(DHCPFingerprints.bundled.rules.count >= 7)
    }
}
