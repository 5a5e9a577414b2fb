import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// SMTP as smtp.log gives it: one row per mail transaction with its envelope and headers,
/// the message's parts as files, and STARTTLS handing the connection to TLS only when the
/// server agrees.
@Suite struct SMTPAnalyzerTests {
    static func run(_ parts: [(String, Bool)], raw: [([UInt8], Bool)] = []) -> (SMTPAnalyzer, CollectingSink) {
        let sink = CollectingSink()
        let id = ConnectionID(origHost: .v4(0x0A00_0002), origPort: 40000, respHost: .v4(0x0A00_0001), respPort: 25, proto: .tcp)
        let context = FlowContext(uid: "Cmail", id: id, ts: .zero, sink: sink, limits: .default, shared: SharedProtocolState())
        let a = SMTPAnalyzer()
        for (text, isOrig) in parts { Array(text.utf8).withUnsafeBytes { a.deliver($0, isOrig: isOrig, context: context) } }
        for (bytes, isOrig) in raw { bytes.withUnsafeBytes { a.deliver($0, isOrig: isOrig, context: context) } }
        a.finish(context: context)
        return (a, sink)
    }

    static func transactions(_ sink: CollectingSink) -> [SMTPTransactionEvent] {
        sink.events.compactMap {
            if case .smtp(let t) = $0 { return t }
            return nil
        }
    }

    static func files(_ sink: CollectingSink) -> [FileTransferEvent] {
        sink.events.compactMap {
            if case .file(let f) = $0 { return f }
            return nil
        }
    }

    static let session: [(String, Bool)] = [
        ("220 mail.city.example ESMTP\r\n", false), ("EHLO scada-hist\r\n", true),
        ("250-mail.city.example\r\n250 8BITMIME\r\n", false),
        // Pipelined envelope (RFC 2920): the replies come later, in order.
        (
            "MAIL FROM:<historian@city.example> SIZE=900\r\nRCPT TO:<ops@city.example>\r\nRCPT TO:<Jane <jane@city.example>>\r\nDATA\r\n",
            true
        ),
        ("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n", false),
        (
            """
            Received: from hist (hist.city.example [10.0.0.2])\r
            \tby mail.city.example; Sat, 5 Dec 2026 10:00:00 +0000\r
            From: Historian <historian@city.example>\r
            To: ops@city.example, "Doe, Jane" <jane@city.example>\r
            Subject: Daily pump report\r
            Message-ID: <r1@city.example>\r
            X-Mailer: report-bot 1.2\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="sep"\r
            \r
            --sep\r
            Content-Type: text/plain\r
            \r
            All pumps nominal.\r
            ..a line that began with a dot\r
            --sep\r
            Content-Type: text/csv\r
            Content-Disposition: attachment; filename="pumps.csv"\r
            Content-Transfer-Encoding: base64\r
            \r
            cHVtcCwxMgo=\r
            --sep--\r
            .\r

            """, true
        ),
        ("250 2.0.0 Ok: queued as 5A3B6\r\n", false), ("QUIT\r\n", true), ("221 2.0.0 Bye\r\n", false),
    ]

    @Test func aTransactionIsOneRowWithItsEnvelopeHeadersAndFiles() {
        for chunked in [false, true] {
            // Also fed one byte at a time: lines and parts must not depend on segmenting.
            let parts = chunked ? Self.session.flatMap { s, o in s.map { (String($0), o) } } : Self.session
            let (_, sink) = Self.run(parts)
            let rows = Self.transactions(sink)
            #expect(rows.count == 1, "QUIT after the message opens no second row (chunked \(chunked))")
            guard let t = rows.first else { continue }
            #expect(t.depth == 1 && t.helo == "scada-hist")
            #expect(t.mailFrom == "historian@city.example")
            #expect(t.rcptTo == ["ops@city.example", "jane@city.example"])
            #expect(t.headers.subject == "Daily pump report" && t.headers.messageID == "<r1@city.example>")
            #expect(t.headers.to == ["ops@city.example", "\"Doe, Jane\" <jane@city.example>"])
            #expect(t.headers.userAgent == "report-bot 1.2")
            #expect(t.lastReply == "250 2.0.0 Ok: queued as 5A3B6")
            #expect(t.path == [.v4(0x0A00_0001), .v4(0x0A00_0002)], "the Received address equals the client, the path's end")
            #expect(!t.tls)
            let files = Self.files(sink)
            #expect(files.map(\.reference) == t.files)
            #expect(files.count == 2)
            guard files.count == 2 else { continue }
            #expect(files[0].seenBytes == "All pumps nominal.\r\n.a line that began with a dot".utf8.count)
            #expect(files[0].mimeType == "text/plain" && files[0].source == "SMTP" && files[0].isOrig)
            #expect(files[1].filename == "pumps.csv" && files[1].seenBytes == "pump,12\n".utf8.count)
            // Zeek's SMTP file depth: entities begun before it in the message (message 1, parts 2 and 3).
            #expect(files.map(\.depth) == [2, 3])
        }
    }

    /// A minimal TLS 1.2 ClientHello record (RFC 5246 §7.4.1.2): no session id, one suite.
    static let clientHello = StartTLSAnalyzerTests.clientHello

    @Test func startTLSAfterTwoTwentyEvenWithTheHelloSentEarly() {
        let (a, sink) = Self.run(
            [
                ("220 mail.city.example ESMTP\r\n", false), ("EHLO plc\r\n", true),
                ("250-mail.city.example\r\n250-STARTTLS\r\n250 8BITMIME\r\n", false), ("STARTTLS\r\n", true),
            ], raw: [(Self.clientHello, true), (Array("220 2.0.0 Ready to start TLS\r\n".utf8), false)])
        #expect(a.detectedServices == ["ssl"])
        #expect(sink.events.contains { if case .tls = $0 { return true } else { return false } })
        let rows = Self.transactions(sink)
        #expect(rows.count == 1 && rows.first?.tls == true && rows.first?.lastReply == "220 2.0.0 Ready to start TLS")
        #expect(sink.weirdNames.isEmpty)
    }

    /// A client pipelining commands the server never answers keeps at most
    /// `maxPendingTransactions` of them waiting (the oldest forgotten), and a transaction
    /// sent after such a flood, and answered, is still one row.
    @Test func unansweredPipelinedCommandsAreBounded() {
        let flood = String(repeating: "NOOP\r\n", count: 10_000)
        let (a, _) = Self.run([("220 mail ESMTP\r\n", false), (flood, true)])
        #expect(a.awaiting.count == Limits.default.maxPendingTransactions)
        let (_, sink) = Self.run([
            ("220 mail ESMTP\r\n", false), (flood, true),
            ("MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n", true),
            (String(repeating: "250 OK\r\n", count: Limits.default.maxPendingTransactions - 1) + "354 go\r\n", false),
            ("Subject: x\r\n\r\nbody\r\n.\r\n", true), ("250 queued\r\n", false),
        ])
        let rows = Self.transactions(sink)
        #expect(rows.count == 1 && rows.first?.mailFrom == "a@b.example" && rows.first?.lastReply == "250 queued")
    }

    @Test func aRefusedStartTLSLeavesTheLinesToSMTP() {
        let (a, sink) = Self.run([
            ("220 mail ESMTP\r\n", false), ("STARTTLS\r\nMAIL FROM:<a@b.example>\r\n", true),
            ("454 4.7.0 TLS not available\r\n250 OK\r\n", false),
        ])
        #expect(a.detectedServices.isEmpty)
        let rows = Self.transactions(sink)
        #expect(rows.count == 1 && rows.first?.mailFrom == "a@b.example" && rows.first?.tls == false)
    }

    @Test func greetingsAreRecognisedAndAnFTPGreetingIsNotSMTP() {
        func confirms(_ s: String, port: UInt16) -> Bool {
            let id = ConnectionID(origHost: .v4(1), origPort: 40000, respHost: .v4(2), respPort: port, proto: .tcp)
            return Array(s.utf8).withUnsafeBytes { SMTPAnalyzer.descriptor.confirms($0, false, id) }
        }
        #expect(confirms("220 mail.city.example ESMTP Postfix\r\n", port: 2525))
        #expect(confirms("220 relay ready\r\n", port: 25))
        #expect(!confirms("220 ProFTPD Server ready\r\n", port: 21))
    }

    @Test func anEndlessLineIsGivenUpWithAWeirdButAnEndlessMessageLineIsContent() {
        let (_, sink) = Self.run([], raw: [([UInt8](repeating: 0x41, count: SMTPAnalyzer.maxLineBytes + 1), false)])
        #expect(sink.weirdNames == ["smtp_unfollowed"])
        let blob = String(repeating: "Q", count: 200_000)
        let (_, data) = Self.run([
            ("220 mail ESMTP\r\n", false), ("MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n", true),
            ("250 ok\r\n250 ok\r\n354 go\r\n", false), ("Subject: big\r\n\r\n\(blob)\r\n.\r\n", true), ("250 queued\r\n", false),
        ])
        #expect(data.weirdNames.isEmpty)
        #expect(Self.files(data).first?.seenBytes == 200_000)
    }

    @Test func addressesArePickedAsZeekPicksThem() {
        #expect(SMTPAddresses.emails("FROM:<ops@city.example> SIZE=12") == ["ops@city.example"])
        #expect(SMTPAddresses.emails("TO:<> NOTIFY=NEVER").isEmpty)
        #expect(SMTPAddresses.mailboxes(" a@x.example , \"B, C\" <b@x.example>,") == ["a@x.example", "\"B, C\" <b@x.example>"])
        #expect(SMTPAddresses.receivedFrom("from relay (relay.example [192.0.2.7]) by mx (mx [198.51.100.1])") == .v4(0xC633_6401))
        #expect(SMTPAddresses.receivedFrom("from relay (relay.example [192.0.2.7])") == .v4(0xC000_0207))
    }
}
