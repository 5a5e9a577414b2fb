import Testing

@testable import VigilCore

/// `BytesText` against a byte-at-a-time statement of Zeek's escaping, on hand-picked and
/// random bytes, so the run-at-a-time fast paths cannot drift from the rule.
@Suite struct BytesTextTests {
    /// The rule as written before the fast paths: printable ASCII but the backslash kept,
    /// every other byte `\xNN`, and past `limit` bytes a note of how many were cut.
    static func referenceEscaped(_ b: [UInt8], limit: Int) -> String {
        var out = ""
        for (i, c) in b.enumerated() {
            if i >= limit {
                out += "...[truncated \(b.count - limit) bytes]"
                break
            }
            if c >= 0x20 && c < 0x7F && c != UInt8(ascii: "\\") {
                out.unicodeScalars.append(Unicode.Scalar(c))
            } else {
                out += "\\x" + (c < 0x10 ? "0" : "") + String(c, radix: 16)
            }
        }
        return out
    }

    static func referenceText(_ b: [UInt8], limit: Int) -> String {
        if b.count <= limit, b.allSatisfy({ $0 >= 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "\\") }),
            let s = String(validating: b, as: UTF8.self)
        {
            return s
        }
        return referenceEscaped(b, limit: limit)
    }

    static let cases: [[UInt8]] = [
        [], Array("plain name".utf8), Array("back\\slash".utf8), [0x00], [0x7F, 0x41], [0x0A, 0x0D, 0x09],
        Array("café".utf8), [0xC3], [0xFF, 0xFE, 0x41, 0x42], Array("tail\u{1}".utf8),
    ]

    @Test func handPickedBytesMatchTheRule() {
        for b in Self.cases {
            for limit in [0, 1, 3, 64] {
                #expect(BytesText.escaped(b, limit: limit) == Self.referenceEscaped(b, limit: limit), "escaped \(b) limit \(limit)")
                #expect(BytesText.text(b, limit: limit) == Self.referenceText(b, limit: limit), "text \(b) limit \(limit)")
            }
        }
        #expect(BytesText.escaped(Array("a\\b".utf8)) == "a\\x5cb")
        #expect(BytesText.text(Array("Device-01".utf8)) == "Device-01")
    }

    @Test func randomBytesMatchTheRule() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            // Mostly printable, with some control, DEL, backslash and high bytes mixed in.
            let n = Int.random(in: 0...40, using: &rng)
            let b: [UInt8] = (0..<n).map { _ in
                Int.random(in: 0..<4, using: &rng) == 0
                    ? UInt8.random(in: 0...255, using: &rng) : UInt8.random(in: 0x20...0x7E, using: &rng)
            }
            let limit = Int.random(in: 0...48, using: &rng)
            #expect(BytesText.escaped(b, limit: limit) == Self.referenceEscaped(b, limit: limit), "escaped \(b) limit \(limit)")
            #expect(BytesText.text(b, limit: limit) == Self.referenceText(b, limit: limit), "text \(b) limit \(limit)")
        }
    }
}
