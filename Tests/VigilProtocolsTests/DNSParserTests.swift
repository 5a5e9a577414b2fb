import Testing
import VigilCore

@testable import VigilProtocols

@Suite struct DNSParserTests {
    /// Response id 0x1234, flags 0x8180, 1 question, 1 answer:
    /// question example.com A IN; answer: pointer 0xC00C, A IN ttl 300, 93.184.216.34.
    static let response: [UInt8] =
        [
            0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
            7,
        ] + Array("example".utf8) + [3] + Array("com".utf8) + [
            0, 0, 1, 0, 1,
            0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0x01, 0x2C, 0, 4, 93, 184, 216, 34,
        ]

    @Test func decodesCompressedAnswer() throws {
        let m = try Self.response.withUnsafeBytes { try DNSParser.parse($0) }
        #expect(m.id == 0x1234 && m.isResponse && m.rd && m.ra && m.rcode == 0)
        #expect(m.questions.first?.name == "example.com")
        #expect(m.answers.first?.text == "93.184.216.34" && m.answers.first?.ttl == 300)
    }

    @Test func pointerLoopIsRejectedNotFollowedForever() {
        // Question name is a pointer to itself (offset 12).
        let loop: [UInt8] = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 0x0C, 0, 1, 0, 1]
        #expect(throws: DNSParser.Failure.malformed("DNS_label_forward_compress_offset")) {
            try loop.withUnsafeBytes { try DNSParser.parse($0) }
        }
    }

    @Test func truncationAtEveryByteThrowsOrDecodes() {
        for cut in 0..<Self.response.count {
            _ = try? Array(Self.response[0..<cut]).withUnsafeBytes { try DNSParser.parse($0) }
        }
        #expect(throws: DNSParser.Failure.truncated("DNS_truncated_len_lt_hdr_len")) {
            try [UInt8](repeating: 0, count: 11).withUnsafeBytes { try DNSParser.parse($0) }
        }
    }

    @Test func nameLengthLimitAtAndOver255() throws {
        func name(labels: Int, size: Int) -> [UInt8] {
            var n: [UInt8] = []
            for _ in 0..<labels {
                n.append(UInt8(size))
                n += [UInt8](repeating: 0x61, count: size)
            }
            return n + [0]
        }
        let header: [UInt8] = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
        // 4 labels of 62 + 1 of 5: 4*63 + 6 = 258 > 255; 3 of 63 + 1 of 61: 192 + 62 = 254 octets of labels.
        let ok = header + name(labels: 3, size: 63) + [61] + [UInt8](repeating: 0x62, count: 61) + [0, 0, 1, 0, 1]
        #expect(try ok.withUnsafeBytes { try DNSParser.parse($0) }.questions.count == 1)
        let tooLong = header + name(labels: 4, size: 63) + [0, 1, 0, 1]
        #expect(throws: DNSParser.Failure.malformed("DNS_label_len_gt_name_len")) {
            try tooLong.withUnsafeBytes { try DNSParser.parse($0) }
        }
    }
}

extension DNSParserTests {
    @Test func labelsAreEscapedAndJoinedWithDots() throws {
        // One question: "a.b" with a dot inside the first label, then a label holding a space,
        // a backslash and a byte 0xFF.
        let msg: [UInt8] = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3] + Array("a.b".utf8) + [3, 0x20, 0x5C, 0xFF, 0, 0, 1, 0, 1]
        let m = try msg.withUnsafeBytes { try DNSParser.parse($0) }
        #expect(m.questions.first?.name == "a.b. \\x5c\\xff")
        #expect(m.questions.first?.type == 1)
    }
}
