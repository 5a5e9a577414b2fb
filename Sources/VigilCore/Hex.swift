/// Lower-case hexadecimal formatting without Foundation.
public enum Hex {
    public static let digitBytes: [UInt8] = Array("0123456789abcdef".utf8)

    // The formatters below build UTF-8 bytes and make one String: appending `Character`s
    // cost about 1 µs per short field, and analyzers format codes and ids for most rows.

    public static func byte(_ b: UInt8) -> String { string(CollectionOfOne(b)) }

    /// Inlinable so each caller gets a copy specialised for its byte collection: the generic
    /// version walked a raw-buffer slice through witness tables at ~2,000 instructions a byte.
    @inlinable public static func string<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            text.append(nibbleDigit(b >> 4))
            text.append(nibbleDigit(b & 0xF))
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A GUID's 16 bytes in the canonical 8-4-4-4-12 form. Its first three fields (Data1 u32,
    /// Data2 and Data3 u16) are integers in the sender's byte order, little-endian for OPC UA
    /// and for DCE/RPC with an NDR little-endian label; the last eight bytes go as sent.
    public static func guid(_ b: UnsafeRawBufferPointer, littleEndian: Bool) -> String {
        func field(_ r: Range<Int>) -> String { littleEndian ? string(b[r].reversed()) : string(b[r]) }
        return [field(0..<4), field(4..<6), field(6..<8), string(b[8..<10]), string(b[10..<16])].joined(separator: "-")
    }

    /// The lower-case digit of a value below 16.
    @inlinable static func nibbleDigit(_ v: UInt8) -> UInt8 { v < 10 ? 48 + v : 87 + v }

    /// `0x`-prefixed, fixed width (2, 4 or 8 digits), as Zeek prints counts it renders as hex.
    public static func prefixed(_ v: UInt64, width: Int) -> String { withPrefix(v, digits: width) }

    /// `0x`-prefixed with at least `minimumWidth` digits and never truncated: Zeek's
    /// `fmt("0x%02x", n)`, which ICSNPP's logs use for codes.
    public static func zeek(_ v: UInt64, minimumWidth: Int) -> String {
        withPrefix(v, digits: zeekDigits(v, minimumWidth: minimumWidth))
    }

    /// How many digits `zeek` writes: at least `minimumWidth`, and all of `v`'s.
    public static func zeekDigits(_ v: UInt64, minimumWidth: Int) -> Int {
        let needed = v == 0 ? 1 : (64 - v.leadingZeroBitCount + 3) / 4
        return max(needed, minimumWidth)
    }

    /// `0x` and the low `digits` hex digits of `v` (zero-padded). Written straight into the
    /// string's storage: up to 13 digits that is a small string, so nothing is allocated.
    static func withPrefix(_ v: UInt64, digits: Int) -> String {
        String(unsafeUninitializedCapacity: 2 + digits) { text in
            writePrefixed(v, digits: digits, at: text.baseAddress!)
            return 2 + digits
        }
    }

    /// Writes `0x` and the low `digits` hex digits of `v` (zero-padded) at `text`: the
    /// `String` above and log rows written in place (`LogRow.add(hex:)`) share it.
    public static func writePrefixed(_ v: UInt64, digits: Int, at text: UnsafeMutablePointer<UInt8>) {
        text[0] = UInt8(ascii: "0")
        text[1] = UInt8(ascii: "x")
        for i in 0..<digits {
            let shift = digits - 1 - i
            text[2 + i] = shift >= 16 ? 48 : nibbleDigit(UInt8(truncatingIfNeeded: v >> (UInt64(shift) * 4)) & 0xF)
        }
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
