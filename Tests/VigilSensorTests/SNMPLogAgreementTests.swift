import Foundation
import Testing
import VigilCore
import VigilLogs

@testable import VigilSensor

/// snmp.log against tshark's dissection of samples/snmp-agent.pcap (net-snmp's agent and
/// tools): per connection, the variable bindings of each kind of PDU counted as Zeek counts
/// them (base/protocols/snmp/main.zeek), the version and community of the first message.
@Suite struct SNMPLogAgreementTests {
    static let sample = Corpus.packageRoot.appendingPathComponent("samples/snmp-agent.pcap").path

    @Test func bindingCountsVersionAndCommunityAgreeWithTshark() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        let data = try Corpus.tshark([
            "-n", "-r", Self.sample, "-Y", "snmp", "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,", "-e", "udp.srcport",
            "-e", "udp.dstport", "-e", "snmp.version", "-e", "snmp.community", "-e", "snmp.data", "-e", "snmp.name",
        ])
        // Keyed by the manager's port: the agent answers from 161.
        var theirs: [String: [String: Int]] = [:]
        var first: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let c = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard c.count == 6 else { continue }
            let port = c[0] == "161" ? c[1] : c[0]
            let bindings = c[5].split(separator: ",").count
            // snmp.data: 0 get-request, 1 get-next-request, 2 get-response, 3 set-request, 5 getBulkRequest.
            let kind = ["0": "get_requests", "1": "get_requests", "2": "get_responses", "3": "set_requests", "5": "get_bulk_requests"][c[4]]
            if let kind { theirs[port, default: [:]][kind, default: 0] += bindings }
            if first[port] == nil { first[port] = "\(["0": "1", "1": "2c", "3": "3"][c[2]] ?? "?") \(c[3])" }
        }
        let (sink, _) = TsharkAgreementTests.analyze(Self.sample)
        let rows = sink.rows("snmp")
        #expect(rows.count == theirs.count && rows.count >= 5)
        for r in rows {
            let port = EventSubscriberTests.text(r, "id.orig_p")
            var ours: [String: Int] = [:]
            for k in ["get_requests", "get_bulk_requests", "get_responses", "set_requests"] {
                let n = Int(EventSubscriberTests.text(r, k)) ?? -1
                if n > 0 { ours[k] = n }
            }
            #expect(ours == theirs[port], "connection from port \(port)")
            #expect(
                "\(EventSubscriberTests.text(r, "version")) \(EventSubscriberTests.text(r, "community"))" == first[port],
                "connection from port \(port)")
        }
        // The agent's sysDescr is the display string of every connection that asked for it.
        #expect(rows.contains { EventSubscriberTests.text($0, "display_string") == "Pumping station gateway PSG-200, firmware 3.1.4" })
    }
}
