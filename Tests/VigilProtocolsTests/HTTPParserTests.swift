import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// The head parser works on the escaped bytes of each line; these cases pin the text it
/// gives where a String-based split would differ if it were done on raw bytes instead.
@Suite struct HTTPParserTests {
    static func head(_ text: String, isRequest: Bool = true) throws -> HTTPMessageHead {
        try Array(text.utf8).withUnsafeBytes { b throws(HTTPFailure) in try HTTPParser.parseHead(b, isRequest: isRequest) }
    }

    @Test func requestLineAndHeaders() throws {
        let h = try Self.head("GET /index.html HTTP/1.1\r\nHost: example.com\r\nUser-Agent:  curl/8.5.0 \r\n\r\n")
        #expect(h.startLine == ["GET", "/index.html", "HTTP/1.1"])
        #expect(h.headers.map(\.name) == ["Host", "User-Agent"])
        // Spaces around a value are trimmed (RFC 9112 §5: OWS).
        #expect(h.headers.map(\.value) == ["example.com", "curl/8.5.0"])
    }

    @Test func startLineSplitsLikeStringSplitWithTwoSplits() throws {
        // Runs of spaces between the first two parts are skipped; the third part keeps what
        // follows the single space after the target, spaces included.
        #expect(try Self.head("  GET   /a  HTTP/1.1\r\n\r\n").startLine == ["GET", "/a", " HTTP/1.1"])
        #expect(try Self.head("HTTP/1.1 404 Not  Found \r\n\r\n", isRequest: false).startLine == ["HTTP/1.1", "404", "Not  Found "])
        #expect(try Self.head("GET /only\r\n\r\n").startLine == ["GET", "/only"])
        #expect(try Self.head("GET /x \r\n\r\n").startLine == ["GET", "/x"])
    }

    @Test func nonPrintableBytesAreEscapedBeforeSplitting() throws {
        // A tab is escaped to \x09, so it is neither a separator nor trimmed; bytes ≥ 0x7F
        // and the backslash are escaped too.
        let raw: [UInt8] = Array("GET /caf".utf8) + [0xC3, 0xA9] + Array(" HTTP/1.1\r\nX-A:\tv\\1\t\r\n\r\n".utf8)
        let h = try raw.withUnsafeBytes { b throws(HTTPFailure) in try HTTPParser.parseHead(b, isRequest: true) }
        #expect(h.startLine == ["GET", "/caf\\xc3\\xa9", "HTTP/1.1"])
        #expect(h.headers.first?.name == "X-A")
        #expect(h.headers.first?.value == "\\x09v\\x5c1\\x09")
    }

    @Test func foldedLinesJoinTheHeaderBeforeThem() throws {
        let h = try Self.head("GET / HTTP/1.0\nX-Long: one\n   two  \nno colon here\nAccept: */*\n\n")
        #expect(h.headers.map(\.name) == ["X-Long", "Accept"])
        #expect(h.headers.map(\.value) == ["one two", "*/*"])
    }

    @Test func leadingEmptyLinesAreIgnored() throws {
        #expect(try Self.head("\r\n\r\nPOST /p HTTP/1.1\r\n\r\n").startLine.first == "POST")
        #expect(throws: HTTPFailure.malformedStartLine) { try Self.head("\r\n\r\n") }
        #expect(throws: HTTPFailure.malformedStartLine) { try Self.head("get / HTTP/1.1\r\n\r\n") }
        #expect(throws: HTTPFailure.malformedStartLine) { try Self.head("FTP/1.0 200 OK\r\n\r\n", isRequest: false) }
    }

    @Test func headerLookupIgnoresASCIICaseOnly() throws {
        let h = try Self.head("GET / HTTP/1.1\r\ncontent-LENGTH: 5\r\nX-@: a\r\nx-@: b\r\n\r\n")
        #expect(h.header("Content-Length") == "5")
        // '@' and '`' differ only in bit 0x20 but are not letters: no match.
        #expect(h.header("X-`") == nil)
        #expect(h.headers("X-@") == ["a", "b"])
        #expect(h.header("Content-Lengt") == nil)
    }
}

/// Protocol switches (RFC 9110 §9.3.6, §15.2.2): what follows a 101 or a 2xx answer to CONNECT
/// is not HTTP; a CONNECT tunnel's content is read by the analyzer its bytes name.
@Suite struct HTTPProtocolSwitchTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
    static func text(_ r: LogRecord?, _ field: String) -> String { ModbusTransactionTests.text(r!, field) }

    @Test func aWebSocketUpgradeIsOneRowAndItsFramesAreNotHTTP() {
        let (sink, send) = AnalyzerLimitTests.feed(HTTPAnalyzer())
        send(Self.bytes("GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"), true)
        send(Self.bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"), false)
        send([0x81, 0x05] + Self.bytes("hello"), false)  // a WebSocket text frame
        send([0x81, 0x85, 1, 2, 3, 4, 0, 0, 0, 0, 0], true)
        #expect(sink.weirdNames.isEmpty)
        let rows = sink.rows("http")
        #expect(rows.count == 1)
        #expect(Self.text(rows.first, "status_code") == "101" && Self.text(rows.first, "info_code") == "101")
        #expect(Self.text(rows.first, "response_body_len") == "0")
    }

    @Test func aConnectTunnelsContentIsReadByContent() {
        let analyzer = HTTPAnalyzer()
        let (sink, send) = AnalyzerLimitTests.feed(analyzer)
        send(Self.bytes("CONNECT plc.example:443 HTTP/1.1\r\nHost: plc.example:443\r\n\r\n"), true)
        send(Self.bytes("HTTP/1.0 200 Connection Established\r\n\r\n"), false)
        send(Self.bytes("GET / HTTP/1.1\r\nHost: plc.example\r\n\r\n"), true)  // plain HTTP inside the tunnel
        send(Self.bytes("HTTP/1.1 204 No Content\r\n\r\n"), false)
        analyzer.finish(context: AnalyzerLimitTests.context(sink))
        let rows = sink.rows("http")
        #expect(rows.map { Self.text($0, "method") } == ["CONNECT", "GET"])
        #expect(Self.text(rows.first, "version") == "1.0" && Self.text(rows.first, "response_body_len") == "0")
        #expect(analyzer.detectedServices == ["http"])
    }
}
