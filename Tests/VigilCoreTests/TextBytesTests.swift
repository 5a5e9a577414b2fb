import Testing

@testable import VigilCore

/// The hand-written fast paths of `TextBytes` and `OutputBytes` against the obvious code:
/// every log row goes through them, so a wrong digit or a missed escape would be in every file.
@Suite struct TextBytesTests {
    /// The byte-at-a-time rule that `needsJSONEscape` tests eight bytes at a time.
    static func escapeByReference(_ bytes: [UInt8]) -> Bool {
        bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }
    }

    @Test func escapeScanAgreesWithTheByteRuleForEveryByteAtEveryPosition() {
        // Strings of 0 to 24 bytes around the 8-byte word boundaries, with each of the 256 byte
        // values put at each position in turn, over a clean filler and over high (UTF-8) bytes.
        var checked = 0
        var wrong: [String] = []
        for filler: UInt8 in [UInt8(ascii: "a"), 0xC3, 0x80, 0xFF, 0x21, 0x7E] {
            for length in 0...24 {
                let clean = [UInt8](repeating: filler, count: length)
                #expect(clean.withUnsafeBytes { TextBytes.needsJSONEscape($0) } == Self.escapeByReference(clean))
                for position in 0..<length {
                    for value in 0...255 {
                        var s = clean
                        s[position] = UInt8(value)
                        let fast = s.withUnsafeBytes { TextBytes.needsJSONEscape($0) }
                        if fast != Self.escapeByReference(s) { wrong.append("byte \(value) at \(position) of \(length)") }
                        checked += 1
                    }
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(checked == 6 * 256 * (0...24).reduce(0, +))
    }

    @Test func escapedStringsAreWrittenAsJSONEscapes() {
        var out: [UInt8] = []
        TextBytes.appendJSONString("a\"b\\c\nd\u{01}e\u{7F}", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #""a\"b\\c\nd\u0001e\u007f""#)
    }

    @Test func digitsMatchSwiftsDecimalText() {
        var values: [UInt64] = [0, 9, 10, 11, 99, 100, 101, 999, 1000, 65535, 1_595_660_608, UInt64.max, UInt64.max - 1]
        for p in 0..<20 {
            let ten = (0..<p).reduce(UInt64(1)) { r, _ in r * 10 }
            values += [ten, ten - 1, ten + 1]
        }
        for v in values {
            var out: [UInt8] = []
            TextBytes.appendDigits(v, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(v))
            // Rows write numbers in place, from where `digitCount` says they end.
            #expect(TextBytes.digitCount(v) == String(v).count, "\(v)")
        }
    }

    @Test func timesReuseTheSecondsTextOnlyWhileTheSecondsAreTheSame() {
        let out = OutputBytes(capacity: 16)
        let times: [Int64] = [
            1_595_660_608_237_857_000, 1_595_660_608_999_999_999, 1_595_660_609_000_000_000, 5_000_000_999, 0, 999,
            -1_500_000_000, 1_595_660_609_000_001_000, Int64.max, 1_000_000, 10_999_999,
        ]
        var expected: [UInt8] = []
        for t in times {
            out.appendTime(nanoseconds: t)
            out.append(0x0A)
            TextBytes.appendMicros(t, to: &expected)
            expected.append(0x0A)
        }
        let written = out.withBytes { Array($0) }
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        #expect(String(decoding: written, as: UTF8.self).hasPrefix("1595660608.237857\n1595660608.999999\n1595660609.000000\n5.000000\n"))
    }
}
