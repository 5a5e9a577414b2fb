/// Lower-case hexadecimal formatting without Foundation.
public enum Hex {
    static let digits: [Character] = Array("0123456789abcdef")
    public static let digitBytes: [UInt8] = Array("0123456789abcdef".utf8)

    public static func byte(_ b: UInt8) -> String {
        String([digits[Int(b >> 4)], digits[Int(b & 0xF)]])
    }

    public static func string<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        // Built as bytes: appending two `Character`s per byte cost ~1 µs for an 8-byte field.
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            text.append(digitBytes[Int(b >> 4)])
            text.append(digitBytes[Int(b & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// `0x`-prefixed, fixed width (2, 4 or 8 digits), as Zeek prints counts it renders as hex.
    public static func prefixed(_ v: UInt64, width: Int) -> String {
        var out: [Character] = []
        var x = v
        for _ in 0..<width {
            out.append(digits[Int(x & 0xF)])
            x >>= 4
        }
        return "0x" + String(out.reversed())
    }

    /// `0x`-prefixed with at least `minimumWidth` digits and never truncated: Zeek's
    /// `fmt("0x%02x", n)`, which ICSNPP's logs use for codes.
    public static func zeek(_ v: UInt64, minimumWidth: Int) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, minimumWidth - s.count)) + s
    }

    /// Parses hex text (no prefix, even length); nil on any other character.
    public static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    /// The value of one hex digit (either case), or nil.
    public static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }
}
