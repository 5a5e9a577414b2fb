import Foundation
import Testing
import VigilCore
import VigilLogs

@testable import VigilSensor

/// smtp.log and SMTP's files against tshark's dissection of samples/smtp-mail.pcap (Python's
/// smtplib sending to aiosmtpd: two messages in one session, one of them multipart with an
/// attachment, and a second session that switches to TLS): the envelope of every transaction,
/// every message's headers, and every leaf part of a multipart message as a file.
@Suite struct SMTPAgreementTests {
    static let sample = Corpus.packageRoot.appendingPathComponent("samples/smtp-mail.pcap").path

    static func fields(_ filter: String, _ names: [String]) throws -> [[String]] {
        let data = try Corpus.tshark(
            ["-n", "-r", sample, "-Y", filter, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|"]
                + names.flatMap { ["-e", $0] })
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }

    static func text(_ r: LogRecord, _ f: String) -> String { EventSubscriberTests.text(r, f) }

    @Test func envelopesHeadersAndPartsAgreeWithTshark() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        let (sink, pipeline) = TsharkAgreementTests.analyze(Self.sample)
        let rows = sink.rows("smtp")
        let messages = rows.filter { Self.text($0, "mailfrom") != "-" }

        // The envelope: each MAIL FROM and the RCPT TOs after it, in order.
        var envelopes: [(from: String, to: [String])] = []
        for r in try Self.fields("smtp.req", ["smtp.req.command", "smtp.req.parameter"]) where r.count == 2 {
            let address = r[1].split(separator: "<").dropFirst().first?.split(separator: ">").first.map(String.init) ?? ""
            switch r[0].uppercased() {
            case "MAIL": envelopes.append((address, []))
            case "RCPT": envelopes[envelopes.count - 1].to.append(address)
            default: break
            }
        }
        #expect(messages.count == envelopes.count && messages.count == 2)
        for (r, e) in zip(messages, envelopes) {
            #expect(Self.text(r, "mailfrom") == e.from)
            #expect(Self.text(r, "rcptto") == e.to.joined(separator: ","))
        }

        // The message headers, as sent (a comma inside a set element is escaped in TSV).
        let imf = try Self.fields("imf", ["imf.subject", "imf.from", "imf.message_id", "imf.to", "imf.cc"])
        #expect(imf.count == messages.count)
        for (r, m) in zip(messages, imf) where m.count == 5 {
            #expect(Self.text(r, "subject") == m[0] && Self.text(r, "from") == m[1])
            #expect(Self.text(r, "msg_id") == (m[2].isEmpty ? "-" : m[2]))
            let to = m[3].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let ours = Self.text(r, "to").split(separator: ",").map { String($0).replacingOccurrences(of: "\\x2c", with: ",") }
            // tshark gives the header whole; commas inside quotes are not separators.
            #expect(ours.joined(separator: ",").replacingOccurrences(of: ", ", with: ",") == to.joined(separator: ","))
            #expect(Self.text(r, "cc") == (m[4].isEmpty ? "-" : m[4]))
        }

        // The multipart message's leaf parts are its files, with the attachment's name.
        let parts = try Self.fields("imf", ["mime_multipart.header.content-type", "mime_multipart.header.content-disposition"])
            .filter { !$0[0].isEmpty }
        #expect(parts.count == 1)
        let leaves = parts.first.map { $0[0].split(separator: "|").filter { !$0.lowercased().hasPrefix("multipart/") } } ?? []
        let report = messages.first { Self.text($0, "fuids").contains(",") }
        let fuids = report.map { Self.text($0, "fuids").split(separator: ",").map(String.init) } ?? []
        #expect(fuids.count == leaves.count && leaves.count == 3)
        let files = sink.rows("files").filter { fuids.contains(Self.text($0, "fuid")) }
        #expect(files.count == leaves.count)
        // Types are sniffed from content, not taken from Content-Type: the HTML part is HTML,
        // the CSV part plain text (file magic has no CSV signature).
        #expect(files.map { Self.text($0, "mime_type") } == ["text/plain", "text/html", "text/plain"])
        #expect(leaves.map { String($0.prefix { $0 != ";" }) } == ["text/plain", "text/html", "text/csv"])
        let named = parts.first.flatMap { $0.count > 1 ? $0[1] : nil }?.split(separator: "=").last.map { $0.trimmingCharacters(in: ["\""]) }
        #expect(files.map { Self.text($0, "filename") }.contains(named ?? "?"))

        // The second session asked for TLS: its row says so, and conn.log names both services.
        let starttls = try Self.fields("smtp.req.command matches \"(?i)^star\"", ["tcp.stream"])  // tshark keeps four letters of a command
        #expect(starttls.count == 1)
        #expect(rows.filter { Self.text($0, "tls") == "T" }.count == starttls.count)
        #expect(sink.rows("conn").contains { Self.text($0, "service") == "smtp,ssl" })
        #expect(sink.rows("ssl").count == 1)
        #expect((pipeline.statistics.messages["smtp"] ?? 0) > 0)
    }
}
