import Foundation
import Testing
import VigilDetect

@testable import VigilSensor

/// The scan sample (scripts/make-scan-sample.sh): nmap's ICS scripts (s7-info, modbus-discover,
/// enip-info, iec-identify, bacnet-info) run against real servers. Each script's requests raise
/// the alerts written for them, nmap's modbus-discover sweep completes the unit-id sweep
/// correlation once per five minutes, and what nmap reported of the devices it reached
/// (samples/ot-scan.nmap.xml) is what Vigil logged and put in assets.json.
@Suite struct ScanSampleTests {
    static let capture = Corpus.packageRoot.appendingPathComponent("samples/ot-scan.pcap").path
    static let nmapReport = Corpus.packageRoot.appendingPathComponent("samples/ot-scan.nmap.xml").path

    /// Each nmap script's `elem`s by script id, port and protocol (`enip-info 44818/tcp`), read
    /// from the report's XML: nmap writes each port on one element, each script's elements on
    /// lines of their own, with no markup inside a value.
    static func nmapElements() throws -> [String: [String: String]] {
        let report = try String(contentsOfFile: nmapReport, encoding: .utf8)
        let port = try Regex(#"<port protocol="(\w+)" portid="(\d+)">"#)
        let script = try Regex(#"<script id="([\w-]+)""#)
        let element = try Regex(#"<elem key="([^"]*)">([^<]*)</elem>"#)
        var out: [String: [String: String]] = [:]
        var current = ""
        var place = ""
        for line in report.split(separator: "\n") {
            if let m = line.firstMatch(of: port), let proto = m[1].substring, let number = m[2].substring { place = "\(number)/\(proto)" }
            if let m = line.firstMatch(of: script), let id = m[1].substring { current = "\(id) \(place)" }
            for m in line.matches(of: element) {
                guard let key = m[1].substring, let value = m[2].substring else { continue }
                out[current, default: [:]][String(key)] = String(value).replacingOccurrences(of: "&amp;", with: "&")
            }
        }
        return out
    }

    static func rows(_ folder: String, _ log: String) throws -> [[String: Any]] {
        try String(contentsOfFile: "\(folder)/\(log).log", encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func eachScriptRaisesItsAlerts() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.vigil), "build vigil first (swift build)")
        let out = CommandLineTests.scratch("scan-alerts")
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try CommandLineTests.run(["analyze", "-q", Self.capture, "--out", out]).status == 0)
        let notices = try Self.rows(out, "notice")
        let fired = Set(RulePackTests.firedStems(notices))
        #expect(
            fired == [
                // modbus-discover: Report Server ID to unit ids 1 to 246
                "modbus_device_identification_request",
                // s7-info: SZL 0x0011 and 0x001C
                "s7_szl_read",
                // enip-info: ListIdentity over TCP and UDP
                "enip_list_identity",
                // iec-identify: a general interrogation to the broadcast address
                "iec104_interrogation",
            ])
        for n in notices { #expect(n["src"] as? String == "10.78.0.66", "\(n)") }
        // The sweep lasts twelve minutes (pymodbus answers no unit, so nmap waits on each):
        // the five-minute correlation is raised three times, not once per ten unit ids.
        let sweeps = notices.filter { $0["msg"] as? String == "Modbus unit id sweep" }
        #expect(sweeps.count == 3, "\(sweeps.map { $0["ts"] ?? "" })")
        #expect(sweeps.allSatisfy { $0["note"] as? String == NoticeLog.correlationNote && $0["n"] as? Int == 10 })
        #expect(notices.count == fired.count + sweeps.count, "one notice per rule and pair, and the sweeps")
    }

    @Test func whatNmapReportedIsWhatVigilLogged() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.vigil), "build vigil first (swift build)")
        let nmap = try Self.nmapElements()
        let out = CommandLineTests.scratch("scan-sample")
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try CommandLineTests.run(["analyze", "-q", "--no-rules", Self.capture, "--out", out]).status == 0)

        // enip-info over TCP and over UDP: each answer's identity, as cip_identity.log has it.
        let identities = try Self.rows(out, "cip_identity")
        #expect(identities.count == 2)
        for (port, row) in zip(["44818/tcp", "44818/udp"], identities) {
            let e = try #require(nmap["enip-info \(port)"], "nmap's enip-info on \(port)")
            func text(_ key: String) -> String { row[key].map { "\($0)" } ?? "-" }
            #expect(e["vendor"] == "\(text("vendor_name")) (\(text("vendor_id")))")
            #expect(e["type"] == "\(text("device_type_name")) (\(text("device_type_id")))")
            #expect(e["productName"] == text("product_name") && e["productCode"] == text("product_code"))
            #expect(e["serialNumber"] == text("serial_number") && e["revision"] == text("revision"))
            #expect(e["status"] == text("device_status") && e["deviceIp"] == text("socket_address"))
            // nmap writes the state byte as it is (0xff), the log as ICSNPP's word (0x00ff).
            #expect(UInt(e["state"]?.dropFirst(2) ?? "", radix: 16) == UInt(text("device_state").dropFirst(2), radix: 16))
        }
        // The same identity in the inventory.
        let assets = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/assets.json"))) as? [String: Any])
        let plc = try #require((assets["assets"] as? [[String: Any]])?.first { ($0["ips"] as? [String])?.contains("10.78.0.1") == true })
        let identity = try #require(plc["identity"] as? [String: Any])
        func value(_ field: String) -> String? { (identity[field] as? [String: Any])?["value"] as? String }
        let enip = try #require(nmap["enip-info 44818/tcp"])
        #expect(value("model") == enip["productName"] && value("firmware") == enip["revision"] && value("serial") == enip["serialNumber"])
        #expect(enip["vendor"]?.hasPrefix(value("vendor") ?? "?") == true)

        // iec-identify: the station's common address and its information objects, from its
        // answer to the interrogation (the monitor direction).
        let iec = try #require(nmap["iec-identify 2404/tcp"])
        let answers = try Self.rows(out, "iec104").filter { $0["is_orig"] as? Bool == false && $0["asdu.common_address"] != nil }
        #expect(Set(answers.compactMap { $0["asdu.common_address"].map { "\($0)" } }) == [iec["ASDU address"]])
        let objects = answers.filter { ($0["asdu.info_obj_type"] as? String)?.hasPrefix("M_") == true }
        #expect(objects.flatMap { $0["asdu.info_obj_addrs"] as? [Any] ?? [] }.count == Int(iec["Information objects"] ?? ""))
    }
}
