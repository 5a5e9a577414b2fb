/// Number, time and address text appended straight to a byte buffer, shared by the JSON and
/// TSV log encoders.
///
/// Written by hand because every log row goes through these: building a `String` per value
/// and copying it again costs more than the rest of the row (bench/run.sh, perf).
public enum TextBytes {
    /// Decimal digits of `value`.
    @inlinable public static func appendDigits<Bytes: ByteAppending>(_ value: UInt64, to bytes: inout Bytes) {
        if value < 10 {
            bytes.append(UInt8(48 + value))
            return
        }
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        withUnsafeMutableBytes(of: &tmp) { d in
            let count = writeDigits(value, endingAt: d.baseAddress! + 24)
            bytes.append(bytes: UnsafeRawBufferPointer(rebasing: d[(24 - count)...]))
        }
    }

    /// How many decimal digits `value` has (1 for zero): where `writeDigits` must end to
    /// write a number in place.
    @inlinable @inline(__always) public static func digitCount(_ value: UInt64) -> Int {
        var n = 1
        var limit: UInt64 = 10
        while value >= limit {
            n += 1
            if n == 20 { break }  // 10^19 is the largest power of ten in a UInt64
            limit &*= 10
        }
        return n
    }

    /// Writes the decimal digits of `value` so that the last one is just before `end`;
    /// returns how many (at most 20). Always inlined, as `digitCount` is: every count field
    /// of every row called both (~0.6% of bench/run.sh's instructions).
    @inlinable @inline(__always) public static func writeDigits(_ value: UInt64, endingAt end: UnsafeMutableRawPointer) -> Int {
        var v = value
        var i = 0
        // Two digits per division: the chain of dependent divisions is what this costs.
        while v >= 100 {
            let pair = v % 100
            v /= 100
            i -= 2
            writePair(pair, at: end + i)
        }
        if v >= 10 {
            i -= 2
            writePair(v, at: end + i)
        } else {
            i -= 1
            end.storeBytes(of: UInt8(48 + v), toByteOffset: i, as: UInt8.self)
        }
        return -i
    }

    @inlinable public static func appendSigned<Bytes: ByteAppending>(_ value: Int64, to bytes: inout Bytes) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude, to: &bytes)
    }

    /// Seconds with six decimals from nanoseconds: Zeek's `time` and `interval` text.
    @inlinable public static func appendMicros<Bytes: ByteAppending>(_ ns: Int64, to bytes: inout Bytes) {
        if ns < 0 { bytes.append(UInt8(ascii: "-")) }
        let micros = ns.magnitude / 1000
        appendDigits(micros / 1_000_000, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        appendSixDigits(micros % 1_000_000, to: &bytes)
    }

    /// `value` (below a million) as exactly six digits, zero-padded: a time's fraction.
    @inlinable public static func appendSixDigits<Bytes: ByteAppending>(_ value: UInt64, to bytes: inout Bytes) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (48, 48, 48, 48, 48, 48)
        withUnsafeMutableBytes(of: &digits) { d in
            writeSixDigits(value, at: d.baseAddress!)
            bytes.append(bytes: UnsafeRawBufferPointer(d))
        }
    }

    /// Writes `value` (below a million) as six zero-padded digits at `start`.
    @inlinable public static func writeSixDigits(_ value: UInt64, at start: UnsafeMutableRawPointer) {
        let rest = value % 10_000
        writePair(value / 10_000, at: start)
        writePair(rest / 100, at: start + 2)
        writePair(rest % 100, at: start + 4)
    }

    /// Writes `pair` (below 100) as two digits at `at`, copied from `digitPairs`.
    @inlinable @inline(__always) static func writePair(_ pair: UInt64, at: UnsafeMutableRawPointer) {
        let digits = UnsafeRawPointer(digitPairs.utf8Start).loadUnaligned(fromByteOffset: Int(pair) * 2, as: UInt16.self)
        at.storeBytes(of: digits, as: UInt16.self)
    }

    /// "00" to "99": each pair of digits is one two-byte load.
    @usableFromInline static let digitPairs: StaticString =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// An address as text; IPv4 without going through a `String`.
    @inlinable public static func appendAddress<Bytes: ByteAppending>(_ a: IPAddress, to bytes: inout Bytes) {
        guard case .v4(let v) = a else {
            bytes.append(utf8: a.description)
            return
        }
        var buf: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &buf) { d in
            let n = IPAddress.writeDottedQuad(v, at: d.baseAddress!.assumingMemoryBound(to: UInt8.self))
            bytes.append(bytes: UnsafeRawBufferPointer(rebasing: d[0..<n]))
        }
    }

    /// `aa:bb:cc:dd:ee:ff`.
    @inlinable public static func appendMAC<Bytes: ByteAppending>(_ m: MACAddress, to bytes: inout Bytes) {
        var buf: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &buf) { d in
            m.write(into: UnsafeMutableRawBufferPointer(rebasing: d[0..<17]))
            bytes.append(bytes: UnsafeRawBufferPointer(rebasing: d[0..<17]))
        }
    }

    /// A JSON string, quoted, with RFC 8259 §7 escaping. Most log strings need none, so they are copied in one go.
    @inlinable public static func appendJSONString<Bytes: ByteAppending>(_ s: String, to bytes: inout Bytes) {
        var str = s
        str.withUTF8 { u in
            if !needsJSONEscape(UnsafeRawBufferPointer(u)) {
                bytes.append(quoted: UnsafeRawBufferPointer(u))
                return
            }
            bytes.append(UInt8(ascii: "\""))
            for c in u {
                switch c {
                case UInt8(ascii: "\""): appendPair(92, 34, to: &bytes)
                case UInt8(ascii: "\\"): appendPair(92, 92, to: &bytes)
                case 0x0A: appendPair(92, 110, to: &bytes)
                case 0x0D: appendPair(92, 114, to: &bytes)
                case 0x09: appendPair(92, 116, to: &bytes)
                case 0..<0x20, 0x7F:
                    appendPair(92, 117, to: &bytes)
                    appendPair(48, 48, to: &bytes)
                    bytes.append(Hex.digitBytes[Int(c >> 4)])
                    bytes.append(Hex.digitBytes[Int(c & 0xF)])
                default: bytes.append(c)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// Whether any byte must be escaped in a JSON string: a control byte, `"`, `\` or DEL.
    /// Eight bytes at a time (the SWAR tests of Anderson's "Bit Twiddling Hacks": a byte below
    /// n, a zero byte), since every string field of every JSON row is scanned here; always
    /// inlined for the same reason (the call was ~0.4% of bench/run.sh's instructions).
    @inlinable @inline(__always) public static func needsJSONEscape(_ u: UnsafeRawBufferPointer) -> Bool {
        let n = u.count
        guard n >= 8, let base = u.baseAddress else {
            for c in u where c < 0x20 || c == 0x22 || c == 0x5C || c == 0x7F { return true }
            return false
        }
        // Whole words, then the last eight bytes (overlapping the previous word) for the tail.
        var i = 0
        while i + 8 <= n {
            if wordNeedsJSONEscape(base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { return true }
            i += 8
        }
        return i < n && wordNeedsJSONEscape(base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
    }

    @inlinable static func wordNeedsJSONEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let below20 = (w &- ones &* 0x20) & ~w
        let quote = w ^ (ones &* 0x22)
        let backslash = w ^ (ones &* 0x5C)
        let del = w ^ (ones &* 0x7F)
        let zeros = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((del &- ones) & ~del)
        return (below20 | zeros) & high != 0
    }

    @inlinable static func appendPair<Bytes: ByteAppending>(_ a: UInt8, _ b: UInt8, to bytes: inout Bytes) {
        bytes.append(a)
        bytes.append(b)
    }
}
