import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

@Suite struct CoAPParserTests {
    /// CON GET, MID 0x1234, token 0xAB, Observe 0, Uri-Path "sensors" / "temp", Uri-Query
    /// "unit=c", Block2 num 1 more 0 SZX 2 (64 bytes), payload "x".
    // Option numbers ascend as deltas: Observe (6), Uri-Path (11) twice, Uri-Query (15), Block2 (23).
    static let ordered: [UInt8] =
        [0x41, 0x01, 0x12, 0x34, 0xAB]
        + [0x60]  // Observe, delta 6, length 0 (value 0)
        + [0x57] + Array("sensors".utf8)  // Uri-Path, delta 5
        + [0x04] + Array("temp".utf8)  // Uri-Path again, delta 0
        + [0x46] + Array("unit=c".utf8)  // Uri-Query, delta 4
        + [0x81, 0x12]  // Block2, delta 8, value 0x12
        + [0xFF, 0x78]

    static func parse(_ b: [UInt8]) -> Result<CoAPMessage, CoAPMessage.Failure> {
        b.withUnsafeBytes { CoAPMessage.parse($0, maxText: 100) }
    }

    static func failure(_ b: [UInt8]) -> CoAPMessage.Failure? {
        if case .failure(let f) = parse(b) { return f }
        return nil
    }

    @Test func requestOptionsDecode() throws {
        let m = try Self.parse(Self.ordered).get()
        #expect(m.type == 0 && m.code == "0.01" && m.isRequest && m.messageID == 0x1234 && Array(m.token) == [0xAB])
        #expect(m.uriPath == ["sensors", "temp"] && m.uriQuery == ["unit=c"] && m.observe == 0)
        #expect(m.block2.map(CoAPMessage.block) == "1/0/64" && m.payloadLength == 1)
    }

    @Test func extendedOptionDeltaAndLength() throws {
        // Option 60 (Size1) via delta 13 + 47, and a 20-byte Uri-Path via length 13 + 7.
        let path = [UInt8](repeating: 0x61, count: 20)
        let bytes: [UInt8] = [0x40, 0x02, 0, 1] + [0xBD, 0x07] + path + [0xD1, 0x24, 0x05]
        let m = try Self.parse(bytes).get()
        #expect(m.uriPath == [String(repeating: "a", count: 20)] && m.optionCount == 2)
    }

    @Test func malformedInputIsRefusedWithTheByte() {
        #expect(Self.failure([0x41, 0x01]) == .truncatedHeader)
        #expect(Self.failure([0x81, 0x01, 0, 0]) == .invalidVersion(2))
        #expect(Self.failure([0x49, 0x01, 0, 0]) == .invalidTokenLength(9))
        // Option length past the end; reserved nibble 15; payload marker with no payload.
        #expect(Self.failure([0x40, 0x01, 0, 0, 0xB5, 0x61]) == .malformedOptions(offset: 4))
        #expect(Self.failure([0x40, 0x01, 0, 0, 0xF1, 0x61]) == .malformedOptions(offset: 4))
        #expect(Self.failure([0x40, 0x01, 0, 0, 0xFF]) == .malformedOptions(offset: 4))
    }

    @Test func analyzerLogsAndNamesAnomalies() throws {
        let sink = CollectingSink()
        let ctx = AnalyzerLimitTests.context(sink)
        let a = CoAPAnalyzer()
        // 2.05 Content ACK; a reserved class 7; an Empty message with a token; a bad version.
        let replies: [[UInt8]] = [
            Self.ordered, [0x61, 0x45, 0x12, 0x34, 0xAB, 0xFF, 0x31], [0x50, 0xE0, 0, 2], [0x51, 0x00, 0, 3, 0x01], [0xC0, 0, 0, 0],
        ]
        for (i, r) in replies.enumerated() { r.withUnsafeBytes { a.deliver($0, isOrig: i == 0, context: ctx) } }
        a.finish(context: ctx)
        let messages = sink.events.compactMap { e -> CoAPMessageEvent? in
            if case .coap(let m) = e { return m }
            return nil
        }
        #expect(messages.count == 4)
        #expect(messages[1].codeClass == 2 && messages[1].codeDetail == 5 && messages[1].type == 2)  // 2.05 Content, ACK
        #expect(messages[1].token == [0xAB])
        #expect(messages[0].uriPath == ["sensors", "temp"] && messages[0].isRequest)
        #expect(sink.weirdNames == ["coap_invalid_code", "coap_empty_message_not_empty", "coap_invalid_version"])
    }

    @Test func detectionOffTheStandardPortNeedsARequestWithAPath() {
        let id = ConnectionID(origHost: .v4(1), origPort: 40000, respHost: .v4(2), respPort: 17500, proto: .udp)
        #expect(Self.ordered.withUnsafeBytes { CoAPAnalyzer.looksLikeCoAP($0, id: id) })
        #expect(![UInt8]([0x60, 0x45, 0, 1]).withUnsafeBytes { CoAPAnalyzer.looksLikeCoAP($0, id: id) })
    }
}
