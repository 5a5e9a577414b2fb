import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// STARTTLS in POP3 and IMAP (SMTP's is SMTPAnalyzerTests'): the TLS session starts only when the server agrees, and
/// what the client sent meanwhile goes to the side it belongs to. The corpus's IMAP capture
/// (Zeek's imap-starttls trace) checks the whole path against Zeek's baselines.
@Suite struct StartTLSAnalyzerTests {
    /// A minimal TLS 1.2 ClientHello record (RFC 5246 §7.4.1.2): no session id, one suite.
    static let clientHello: [UInt8] = {
        var hello: [UInt8] = [0x03, 0x03] + [UInt8](repeating: 7, count: 32) + [0x00, 0x00, 0x02, 0x00, 0x2F, 0x01, 0x00]
        hello = [0x01, 0x00, 0x00, UInt8(hello.count)] + hello
        return [0x16, 0x03, 0x01, 0x00, UInt8(hello.count)] + hello
    }()

    static func run(_ dialect: StartTLSDialect, _ parts: [([UInt8], Bool)]) -> (StartTLSAnalyzer, CollectingSink) {
        let sink = CollectingSink()
        let id = ConnectionID(origHost: .v4(0x0A00_0002), origPort: 40000, respHost: .v4(0x0A00_0001), respPort: 25, proto: .tcp)
        let context = FlowContext(uid: "Cmail", id: id, ts: .zero, sink: sink, limits: .default, shared: SharedProtocolState())
        let a = StartTLSAnalyzer(dialect)
        for (bytes, isOrig) in parts { bytes.withUnsafeBytes { a.deliver($0, isOrig: isOrig, context: context) } }
        a.finish(context: context)
        return (a, sink)
    }

    static func text(_ s: String, _ isOrig: Bool) -> ([UInt8], Bool) { (Array(s.utf8), isOrig) }

    static func handshakes(_ sink: CollectingSink) -> [TLSHandshakeEvent] {
        sink.events.compactMap {
            if case .tls(let t) = $0 { return t }
            return nil
        }
    }

    @Test func imapWaitsForTheTaggedAnswerAndPOP3ForPlusOK() {
        let imap = Self.run(
            .imap,
            [
                Self.text("* OK IMAP4rev1 ready\r\n", false), Self.text("a1 STARTTLS\r\n", true),
                Self.text("* BYE not this one\r\n", false), Self.text("b2 OK other tag\r\n", false),
                Self.text("a1 OK Begin TLS negotiation now\r\n", false), (Self.clientHello, true),
            ])
        #expect(imap.0.detectedServices == ["ssl"] && Self.handshakes(imap.1).count == 1)
        let refused = Self.run(
            .imap, [Self.text("a1 STARTTLS\r\n", true), Self.text("a1 BAD not now\r\n", false), (Self.clientHello, true)])
        #expect(refused.0.detectedServices.isEmpty)
        let pop3 = Self.run(
            .pop3,
            [
                Self.text("+OK POP3 ready\r\n", false), Self.text("STLS\r\n", true), Self.text("+OK Begin TLS\r\n", false),
                (Self.clientHello, true),
            ])
        #expect(pop3.0.detectedServices == ["ssl"] && Self.handshakes(pop3.1).count == 1)
    }

    /// The server's answer, a thousand lines before it and its first TLS record after it, all
    /// in one delivery: the lines are read where they lie, and only the bytes after the answer
    /// start the session.
    @Test func bytesAfterTheAnswerInTheSameDeliveryStartTheSession() {
        var server = Array(String(repeating: "* 1 EXISTS\r\n", count: 1000).utf8) + Array("a1 OK Begin TLS now\r\n".utf8)
        var hello: [UInt8] = [0x03, 0x03] + [UInt8](repeating: 9, count: 32) + [0x00, 0x00, 0x2F, 0x00]
        hello = [0x02, 0x00, 0x00, UInt8(hello.count)] + hello
        server += [0x16, 0x03, 0x03, 0x00, UInt8(hello.count)] + hello
        let (a, sink) = Self.run(.imap, [Self.text("a1 STARTTLS\r\n", true), (server, false), (Self.clientHello, true)])
        #expect(a.detectedServices == ["ssl"])
        #expect(sink.weirdNames.isEmpty, "\(sink.weirdNames)")
        #expect(Self.handshakes(sink).count == 1)
    }

    @Test func greetingsAreRecognised() {
        func confirms(_ d: AnalyzerDescriptor, _ s: String, port: UInt16) -> Bool {
            let id = ConnectionID(origHost: .v4(1), origPort: 40000, respHost: .v4(2), respPort: port, proto: .tcp)
            return Array(s.utf8).withUnsafeBytes { d.confirms($0, false, id) }
        }
        #expect(confirms(StartTLSAnalyzer.imapDescriptor, "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n", port: 143))
        #expect(confirms(StartTLSAnalyzer.pop3Descriptor, "+OK Dovecot ready.\r\n", port: 110))
    }

    @Test func anEndlessLineIsGivenUpWithAWeird() {
        let (_, sink) = Self.run(.imap, [([UInt8](repeating: 0x41, count: StartTLSAnalyzer.maxLineBytes + 1), false)])
        #expect(sink.weirdNames == ["starttls_unfollowed"])
    }
}
