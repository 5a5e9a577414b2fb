import Foundation
import Testing
import VigilCore

@testable import VigilSensor

/// Every StatusCode in opcua_binary_status_code_detail agrees with tshark's dissection of the
/// same captures: each response's ServiceResult, each inner status code of a DiagnosticInfo
/// (opcua.diag.InnerStatusCode), and the result codes (opcua.Results, opcua.StatusCode) of the
/// responses Vigil decodes (Browse, BrowseNext, Read, Write, ActivateSession,
/// CreateMonitoredItems). Compared as multisets per capture.
@Suite struct OPCUAStatusAgreementTests {
    /// Response binary encoding ids whose result codes Vigil logs.
    static let decodedResponses: Set<Substring> = ["530", "536", "634", "676", "470", "754"]

    @Test func statusCodesAgreeWithTshark() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        try #require(Corpus.available)
        let exceptions = try AgreementExceptions.load()
        var compared = 0
        var codes = 0
        for capture in try OPCUAAgreementTests.captures() {
            let out = try Corpus.tshark([
                "-n", "-r", capture.path, "-Y", "opcua", "-T", "fields", "-e", "opcua.servicenodeid.numeric",
                "-e", "opcua.ServiceResult", "-e", "opcua.diag.InnerStatusCode", "-e", "opcua.Results", "-e", "opcua.StatusCode",
            ])
            var theirs: [String: Int] = [:]
            for line in String(decoding: out, as: UTF8.self).split(separator: "\n") {
                let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
                let decoded = cols[0].split(separator: ",").contains { Self.decodedResponses.contains($0) }
                for (i, col) in cols.dropFirst().enumerated() where i < 2 || decoded {
                    for code in col.split(separator: ",") { theirs[String(code), default: 0] += 1 }
                }
            }
            let sink = capture.sink()
            var ours: [String: Int] = [:]
            for row in sink.rows("opcua_binary_status_code_detail") {
                if case .string(let code)? = row.value("status_code") { ours[code, default: 0] += 1 }
            }
            guard !theirs.isEmpty || !ours.isEmpty else { continue }
            compared += 1
            codes += theirs.values.reduce(0, +)
            if exceptions.excused(capture: capture.name, log: "status_codes:opcua-binary").contains("+") {
                // tshark leaves out a response it did not reassemble; Vigil's extra rows must be
                // exactly those responses' service results.
                let extra = ours.merging(theirs.mapValues { -$0 }, uniquingKeysWith: +).filter { $0.value != 0 }
                let unreassembled =
                    sink.rows("opcua_binary").filter {
                        if case .string("CreateSessionResponse")? = $0.value("res_identifier_str") { return true }
                        return false
                    }.count - (theirs.isEmpty ? 0 : try Self.tsharkCount(capture.path, service: 464))
                #expect(extra == ["0x00000000": unreassembled], "\(capture.name): Vigil beyond tshark \(extra)")
            } else {
                #expect(
                    ours == theirs,
                    "\(capture.name): Vigil \(ours.sorted { $0.key < $1.key }) vs tshark \(theirs.sorted { $0.key < $1.key })")
            }
        }
        print("== OPC UA status codes vs tshark: \(compared) captures, \(codes) codes ==")
        #expect(compared > 0, "no capture carried an OPC UA response")
    }

    /// How many messages of one service type tshark dissects.
    static func tsharkCount(_ path: String, service: Int) throws -> Int {
        let out = try Corpus.tshark([
            "-n", "-r", path, "-Y", "opcua.servicenodeid.numeric == \(service)", "-T", "fields", "-e", "frame.number",
        ])
        return String(decoding: out, as: UTF8.self).split(separator: "\n").count
    }
}
