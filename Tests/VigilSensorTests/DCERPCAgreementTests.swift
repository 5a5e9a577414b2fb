import Foundation
import Testing
import VigilCore
import VigilLogs
import VigilProtocols

@testable import VigilSensor

/// dce_rpc.log against tshark's dissection of samples/dce-rpc.pcap (impacket's client and
/// DCERPCServer: the endpoint mapper, svcctl and ITaskSchedulerService over TCP). tshark gives
/// each connection's bound interface and secondary address and each response's opnum and
/// request; the rows Zeek's rules make of them must be Vigil's, field for field.
@Suite struct DCERPCAgreementTests {
    static let sample = Corpus.packageRoot.appendingPathComponent("samples/dce-rpc.pcap").path

    struct PDU {
        var frame: Int
        var micros: Int64
        var stream: Int
        var type: Int
        var uuid: String
        var secondaryAddress: String
        var opnum: UInt16?
        var requestFrame: Int?
    }

    static func theirs() throws -> [PDU] {
        let data = try Corpus.tshark(
            ["-n", "-r", sample, "-d", "tcp.port==49667,dcerpc", "-d", "tcp.port==49668,dcerpc", "-Y", "dcerpc", "-T", "fields"]
                + [
                    "frame.number", "frame.time_epoch", "tcp.stream", "dcerpc.pkt_type", "dcerpc.cn_bind_to_uuid", "dcerpc.cn_sec_addr",
                    "dcerpc.opnum", "dcerpc.request_in",
                ].flatMap { ["-e", $0] })
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let parts = f[1].split(separator: ".")
            let micros = (Int64(parts[0]) ?? 0) * 1_000_000 + ((Int64(parts[1].prefix(9)) ?? 0) + 500) / 1000
            return PDU(
                frame: Int(f[0]) ?? 0, micros: micros, stream: Int(f[2]) ?? -1, type: Int(f[3]) ?? -1, uuid: f[4], secondaryAddress: f[5],
                opnum: UInt16(f[6]), requestFrame: f[7].split(separator: ",").first.flatMap { Int($0) })
        }
    }

    static func seconds(_ micros: Int64) -> String { String(format: "%lld.%06lld", micros / 1_000_000, micros % 1_000_000) }

    /// The rows main.zeek writes from tshark's PDUs: one per response, named by the
    /// connection's bound interface; and, where a connection's last request went unanswered
    /// (a fault), the removal hook's row: the call before it again, at that request's time.
    static func expected(_ pdus: [PDU]) -> [String] {
        let byFrame = Dictionary(uniqueKeysWithValues: pdus.map { ($0.frame, $0) })
        var rows: [String] = []
        for stream in Set(pdus.map(\.stream)).sorted() {
            let mine = pdus.filter { $0.stream == stream }
            let uuid = mine.last { $0.type == 11 }?.uuid ?? ""
            let pipe = mine.last { $0.type == 12 }?.secondaryAddress ?? "-"
            var last: (rtt: Int64, operation: String)?
            for r in mine where r.type == 2 {
                guard let opnum = r.opnum, let request = r.requestFrame.flatMap({ byFrame[$0] }) else { continue }
                let call = (rtt: r.micros - request.micros, operation: DCERPCNames.operation(uuid, opnum))
                rows.append("\(seconds(request.micros)) \(seconds(call.rtt)) \(pipe) \(DCERPCNames.endpoint(uuid)) \(call.operation)")
                last = call
            }
            if let unanswered = mine.last, unanswered.type == 3, let request = mine.last(where: { $0.type == 0 }), let last {
                rows.append("\(seconds(request.micros)) \(seconds(last.rtt)) \(pipe) \(DCERPCNames.endpoint(uuid)) \(last.operation)")
            }
        }
        return rows.sorted()
    }

    @Test func callsAgreeWithTshark() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        let pdus = try Self.theirs()
        let expected = Self.expected(pdus)
        let (sink, _) = TsharkAgreementTests.analyze(Self.sample)
        let ours = sink.rows("dce_rpc").map { r in
            ["ts", "rtt", "named_pipe", "endpoint", "operation"].map { EventSubscriberTests.text(r, $0) }.joined(separator: " ")
        }.sorted()
        // Three interfaces over three connections, seven calls answered and one fault.
        #expect(Set(pdus.map(\.stream)).count == 3 && pdus.filter { $0.type == 2 }.count == 7 && pdus.contains { $0.type == 3 })
        #expect(ours == expected)
        #expect(
            ours.contains { $0.hasSuffix("svcctl CreateServiceW") } && ours.contains { $0.hasSuffix("ITaskSchedulerService SchRpcRun") })
    }

    @Test func everyConnectionIsNamedDCERPCAndTheServerIsOne() {
        let (sink, pipeline) = TsharkAgreementTests.analyze(Self.sample)
        let services = sink.rows("conn").map { EventSubscriberTests.text($0, "service") }
        #expect(services == ["dce_rpc", "dce_rpc", "dce_rpc"])
        let roles = Set(pipeline.inventory.assets.flatMap { a in a.roles.flatMap { r in a.ips.map { "\($0) \(r)" } } })
        #expect(roles.isSuperset(of: ["10.88.0.1 dce_rpc_server", "10.88.0.2 dce_rpc_client"]))
        #expect(!roles.contains("10.88.0.2 dce_rpc_server"))
    }
}
