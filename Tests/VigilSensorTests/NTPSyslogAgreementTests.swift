import Foundation
import Testing
import VigilCore
import VigilLogs

@testable import VigilSensor

/// ntp.log and syslog.log against tshark's dissection of samples/ntp-syslog.pcap (chrony 4
/// as time server and client, util-linux's logger): every message's header fields, times and
/// reference id; every syslog message's facility, severity and text.
@Suite struct NTPSyslogAgreementTests {
    static let sample = Corpus.packageRoot.appendingPathComponent("samples/ntp-syslog.pcap").path

    static func fields(_ filter: String, _ names: [String]) throws -> [[String]] {
        let data = try Corpus.tshark(["-n", "-r", sample, "-Y", filter, "-T", "fields"] + names.flatMap { ["-e", $0] })
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// tshark's absolute time ("Jan 19, 2031 22:54:32.593024594 UTC", or NULL for zero) as
    /// Zeek's seconds with six decimals.
    static func seconds(_ text: String) -> String {
        if text == "NULL" { return "0.000000" }
        let words = text.split(separator: " ")
        guard words.count == 5, let dot = words[3].firstIndex(of: ".") else { return "?" }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "MMM d, yyyy HH:mm:ss"
        guard let date = f.date(from: "\(words[0]) \(words[1]) \(words[2]) \(words[3][..<dot])") else { return "?" }
        let nanos = Int64(words[3][words[3].index(after: dot)...]) ?? 0
        let micros = Int64(date.timeIntervalSince1970) * 1_000_000 + (nanos + 500) / 1000
        return String(format: "%lld.%06lld", micros / 1_000_000, micros % 1_000_000)
    }

    @Test func ntpHeadersAgreeWithTshark() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        let theirs = try Self.fields(
            "ntp",
            [
                "ntp.flags.vn", "ntp.flags.mode", "ntp.stratum", "ntp.ppoll", "ntp.precision", "ntp.rootdelay", "ntp.rootdispersion",
                "ntp.refid", "ntp.reftime", "ntp.org", "ntp.rec", "ntp.xmt",
            ])
        let (sink, _) = TsharkAgreementTests.analyze(Self.sample)
        let rows = sink.rows("ntp")
        #expect(rows.count == theirs.count && rows.count >= 6)
        for (r, t) in zip(rows, theirs) {
            func ours(_ f: String) -> String { EventSubscriberTests.text(r, f) }
            #expect(ours("version") == t[0] && ours("mode") == t[1] && ours("stratum") == t[2])
            // The header holds log2 of the poll interval and of the precision (a signed byte).
            #expect(Double(ours("poll")) == pow(2, Double(t[3]) ?? .nan))
            let precision = Double(Int8(truncatingIfNeeded: Int(t[4]) ?? 0))
            #expect(abs((Double(ours("precision")) ?? .nan) - pow(2, precision)) < 5e-7)
            #expect(abs((Double(ours("root_delay")) ?? .nan) - (Double(t[5]) ?? .nan)) < 5e-7)
            #expect(abs((Double(ours("root_disp")) ?? .nan) - (Double(t[6]) ?? .nan)) < 5e-7)
            // tshark gives the reference id as hex; stratum 2 and up as an address.
            let id = t[7].count == 8 ? stride(from: 0, to: 8, by: 2).map { UInt8(t[7].dropFirst($0).prefix(2), radix: 16) ?? 0 } : []
            let expected =
                (Int(t[2]) ?? 0) > 1
                ? id.map(String.init).joined(separator: ".")
                : id.map { b in
                    (0x20..<0x7F).contains(b) && b != 0x5C ? String(UnicodeScalar(b)) : String(format: "\\x%02x", b)
                }.joined()
            #expect(ours("ref_id") == expected)
            #expect(
                [ours("ref_time"), ours("org_time"), ours("rec_time"), ours("xmt_time")] == t[8...11].map(Self.seconds),
                "message at \(ours("ts"))")
        }
        #expect(rows.contains { EventSubscriberTests.text($0, "ref_id") == "127.127.1.1" }, "chrony's local clock as reference")
    }

    @Test func syslogMessagesAgreeWithTshark() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        let theirs = try Self.fields("syslog", ["syslog.facility", "syslog.level", "syslog.msg"])
        let (sink, _) = TsharkAgreementTests.analyze(Self.sample)
        let rows = sink.rows("syslog")
        #expect(rows.count == theirs.count && rows.count == 5)
        for (r, t) in zip(rows, theirs) {
            #expect(EventSubscriberTests.text(r, "facility") == SyslogLogWriter.facilities[Int(t[0]) ?? 0])
            #expect(EventSubscriberTests.text(r, "severity") == SyslogLogWriter.severities[Int(t[1]) ?? 0])
            #expect(EventSubscriberTests.text(r, "message") == t[2])
        }
        #expect(
            rows.contains {
                EventSubscriberTests.text($0, "facility") == "LOCAL3" && EventSubscriberTests.text($0, "severity") == "WARNING"
            })
    }
}
