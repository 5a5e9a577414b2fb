import Foundation
import Testing
import VigilCore
import VigilEvents
import VigilLogs

@testable import VigilSensor

/// ftp.log against tshark's dissection of samples/ftp-transfers.pcap (Python's ftplib and
/// pyftpdlib; scripts/make-ftp-sample.sh): one row per command Zeek logs, with the command,
/// its argument (a file's as a URL in the working directory tshark tracks), the server's
/// final reply to it, the user, and the data connection each PASV, EPSV and PORT announced.
@Suite struct FTPAgreementTests {
    static let sample = Corpus.packageRoot.appendingPathComponent("samples/ftp-transfers.pcap").path

    struct Exchange {
        var command: String
        var arg: String
        var cwd: String
        var replyCode = ""
        var replyMessage = ""
        var dataPort = ""
    }

    /// tshark's requests per TCP stream, each with the last reply before the next request.
    static func exchanges() throws -> [Int: [Exchange]] {
        let data = try Corpus.tshark(
            [
                "-n", "-r", sample, "-Y", "ftp", "-T", "fields", "-E", "occurrence=f", "-e", "tcp.stream", "-e", "ftp.request.command",
                "-e", "ftp.request.arg", "-e", "ftp.current-working-directory", "-e", "ftp.response.code", "-e", "ftp.response.arg",
                "-e", "ftp.passive.port", "-e", "ftp.active.port", "-e", "ftp.epsv.port",
            ])
        var out: [Int: [Exchange]] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 9, let stream = Int(f[0]) else { continue }
            if !f[1].isEmpty {
                out[stream, default: []].append(Exchange(command: f[1], arg: f[2], cwd: f[3], dataPort: f[7]))
            } else if !f[4].isEmpty, var last = out[stream]?.last {
                last.replyCode = f[4]
                last.replyMessage = f[5]
                if !f[6].isEmpty { last.dataPort = f[6] }
                if !f[8].isEmpty { last.dataPort = f[8] }
                out[stream]![out[stream]!.count - 1] = last
            }
        }
        return out
    }

    static func text(_ r: LogRecord, _ f: String) -> String { EventSubscriberTests.text(r, f) }

    @Test func commandsRepliesAndDataChannelsAgreeWithTshark() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        let (sink, _) = TsharkAgreementTests.analyze(Self.sample)
        let rows = sink.rows("ftp")
        let byUID = Dictionary(grouping: rows) { Self.text($0, "uid") }
        let peer = try Self.exchanges()
        #expect(peer.count == 2 && byUID.count == 2)
        var compared = 0
        for (_, exchanges) in peer {
            let user = exchanges.first { $0.command == "USER" }?.arg ?? "?"
            let pass = exchanges.first { $0.command == "PASS" }?.arg ?? "?"
            let logged = exchanges.filter { FTPCommandEvent.loggedCommands.contains($0.command) }
            let mine = try #require(byUID.values.first { Self.text($0[0], "user") == user }, "no rows for \(user)")
            #expect(mine.count == logged.count, "\(user)")
            for (r, e) in zip(mine, logged) {
                compared += 1
                #expect(Self.text(r, "command") == e.command)
                if ["RETR", "STOR", "DELE", "APPE", "STOU"].contains(e.command) {
                    // A file's argument is a URL on the server, in the working directory.
                    let path = (e.cwd.isEmpty ? "" : e.cwd + "/") + e.arg
                    #expect(
                        Self.text(r, "arg").hasPrefix("ftp://10.90.0.1/") && Self.text(r, "arg").hasSuffix("/" + path),
                        "\(Self.text(r, "arg"))")
                } else {
                    #expect(Self.text(r, "arg") == (e.arg.isEmpty ? "-" : e.arg))
                }
                #expect(Self.text(r, "reply_code") == e.replyCode && Self.text(r, "reply_msg") == e.replyMessage)
                #expect(Self.text(r, "data_channel.resp_p") == (e.dataPort.isEmpty ? "-" : e.dataPort), "\(e.command)")
                #expect(Self.text(r, "password") == (user == "anonymous" ? pass : "<hidden>"))
            }
        }
        #expect(compared == 10)
        #expect(sink.rows("conn").filter { Self.text($0, "service") == "ftp" }.count == 2)
    }
}
