import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// FTP as ftp.log gives it, on hand-made sessions: pipelined commands, multi-line replies,
/// EPRT, working directories, and the address and path readers.
@Suite struct FTPAnalyzerTests {
    static func run(_ parts: [(String, Bool)]) -> (rows: [FTPCommandEvent], weirds: [String]) {
        let sink = CollectingSink()
        let id = ConnectionID(origHost: .v4(0x0A00_0002), origPort: 40000, respHost: .v4(0x0A00_0001), respPort: 21, proto: .tcp)
        let context = FlowContext(uid: "Cftp", id: id, ts: .zero, sink: sink, limits: .default, shared: SharedProtocolState())
        let a = FTPAnalyzer()
        for (text, isOrig) in parts { Array(text.utf8).withUnsafeBytes { a.deliver($0, isOrig: isOrig, context: context) } }
        a.finish(context: context)
        var rows: [FTPCommandEvent] = []
        var weirds: [String] = []
        for e in sink.events {
            if case .ftp(let r) = e { rows.append(r) }
            if case .weird(let w) = e { weirds.append(w.name) }
        }
        return (rows, weirds)
    }

    static let login: [(String, Bool)] = [
        ("220-Pump station 4\r\n220-Authorised use only\r\n220 ready\r\n", false), ("USER op\r\n", true), ("331 Password\r\n", false),
        ("PASS secret\r\n", true), ("230 Logged in\r\n", false),
    ]

    @Test func pipelinedCommandsTakeTheRepliesThatFitThem() {
        // Both commands are sent before either answer: each reply is matched by its code.
        let rows = Self.run(
            Self.login + [
                ("CWD /plc\r\nPWD\r\n", true), ("250 CWD ok\r\n257 \"/plc\" is current\r\n", false),
                ("DELE a.st\r\nSTOR b.st\r\n", true),
                ("250 Deleted\r\n150 Opening data connection for b.st\r\n226 Transfer complete\r\n", false),
            ]
        ).rows
        #expect(rows.map(\.command) == ["DELE", "STOR"])
        #expect(rows[0].arg == "ftp://10.0.0.1/plc/a.st" && rows[0].replyCode == 250)
        #expect(rows[1].arg == "ftp://10.0.0.1/plc/b.st" && rows[1].replyCode == 226)
        #expect(rows.allSatisfy { $0.user == "op" && $0.password == "<hidden>" })
    }

    @Test func multiLineRepliesEndWithTheirCode() {
        let rows = Self.run(
            Self.login + [
                ("EPRT |1|10.0.0.2|6275|\r\n", true), ("200-Checking\r\n 200 still checking the address\r\n200 EPRT ok\r\n", false),
                ("QUIT\r\n", true), ("221 Bye\r\n", false),
            ]
        ).rows
        #expect(rows.count == 1)
        #expect(rows[0].command == "EPRT" && rows[0].replyCode == 200 && rows[0].replyMessage == "EPRT ok")
        #expect(rows[0].dataChannel == .init(passive: false, origHost: .v4(0x0A00_0001), respHost: .v4(0x0A00_0002), respPort: 6275))
    }

    @Test func aCommandWithoutAReplyIsLoggedWhenTheConnectionEnds() {
        let rows = Self.run(Self.login + [("RETR firmware.bin\r\n", true)]).rows
        #expect(rows.map(\.command) == ["RETR"] && rows[0].arg == "ftp://10.0.0.1/./firmware.bin")
    }

    @Test func guestsPasswordsAreLoggedOthersHidden() {
        let rows = Self.run([
            ("220 ready\r\n", false), ("USER anonymous\r\n", true), ("331 ok\r\n", false), ("PASS me@city\r\n", true),
            ("230 ok\r\n", false), ("PASV\r\n", true), ("227 Entering Passive Mode (10,0,0,1,4,1)\r\n", false), ("QUIT\r\n", true),
        ]).rows
        #expect(rows.count == 1 && rows[0].password == "me@city" && rows[0].dataChannel?.respPort == 1025)
    }

    @Test func tooManyWaitingCommandsAndTooLongLinesAreNamed() {
        let flood = Self.run([("220 ready\r\n", false), (String(repeating: "NOOP\r\n", count: 25), true)])
        #expect(flood.weirds.filter { $0 == "FTP_too_many_pending_commands" }.count == 5)  // 20 may wait
        let long = Self.run([("220 ready\r\n", false), (String(repeating: "A", count: 9_000), true)])
        #expect(long.weirds == ["FTP_line_too_long"])
    }

    @Test func addressesAndPaths() {
        #expect(FTPAddresses.port("10,0,0,1,4,1").map { "\($0.0):\($0.1)" } == "10.0.0.1:1025")
        #expect(FTPAddresses.port("10,0,0,1,4,256") == nil && FTPAddresses.port("1,2,3") == nil)
        #expect(FTPAddresses.passive("Entering Passive Mode 10,0,0,1,200,10").map { $0.1 } == 51210)
        #expect(FTPAddresses.extendedPassive("Entering (|||6446|)", server: .v4(1))?.1 == 6446)
        #expect(FTPAddresses.extendedPort("|2|::1|21|").map { "\($0.0)" } == "::1")
        #expect(FTPAddresses.lastNumber("Opening BINARY mode data connection for f (1234 bytes).") == 1234)
        #expect(FTPAddresses.lastNumber("File status okay.") == 0)
        #expect(FTPPaths.compressed("./a/b/../c//./d/") == "./a/c/d")
        #expect(FTPPaths.compressed("/../x") == "/../x")
        #expect(FTPPaths.url(cwd: ".", arg: "f", server: .v4(0x0A00_0001)) == "10.0.0.1/./f")
        #expect(FTPPaths.quoted("\"/plc \"\"main\"\"\" is current") == "/plc \"main\"")
    }
}
