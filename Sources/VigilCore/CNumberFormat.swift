import CNumberText

/// C's printf text of one number ("%f", "%g"): what ICSNPP-bacnet and the Zeek IEC 104
/// analyzers print, so Vigil's values match theirs character for character.
///
/// Calls snprintf through a fixed-argument C wrapper (CNumberText): Foundation's
/// `String(format:)` cost about 5,500 instructions per value and `withVaList` about 1,300
/// (bench/run.sh logs one for every BACnet real).
public enum CNumberFormat {
    /// Longest text: "%f" of the largest double is 309 integer digits, a point and six decimals.
    static let capacity = 512

    public enum Style: UInt8 {
        /// "%f": six decimals.
        case fixed = 0x66
        /// "%g": six significant digits, exponent when needed.
        case general = 0x67
    }

    /// "%f" of a single-precision value (BACnet's REAL), as snprintf writes it for the value
    /// widened to a double, without calling it (~2,000 instructions a value) in the common case.
    ///
    /// Exact, not an approximation: a float's significand has 24 bits and 10^6 = 2^6 × 15,625
    /// needs 14 more, so `Double(value) * 1e6` is the exact scaled value (38 bits of
    /// significand). Rounding it to an integer, ties to even, is what glibc's printf does to the
    /// exact value in the default rounding mode. Magnitudes whose scaled value does not fit in
    /// 63 bits (above ~9.2 × 10^12), infinities and NaN go to snprintf.
    public static func fixed(_ value: Float) -> String {
        let scaled = Double(value) * 1_000_000
        guard scaled.magnitude < 9.0e18 else { return string(.fixed, Double(value)) }
        let units = UInt64(scaled.magnitude.rounded(.toNearestOrEven))
        let whole = units / 1_000_000
        let fraction = units % 1_000_000
        // A negative value keeps its sign even when it rounds to zero ("-0.000000"), as in C.
        let negative = value.sign == .minus
        let wholeDigits = TextBytes.digitCount(whole)
        let count = (negative ? 1 : 0) + wholeDigits + 7
        return String(unsafeUninitializedCapacity: count) { out in
            let base = UnsafeMutableRawPointer(out.baseAddress!)
            if negative { base.storeBytes(of: UInt8(ascii: "-"), as: UInt8.self) }
            let point = count - 7
            _ = TextBytes.writeDigits(whole, endingAt: base + point)
            // Six decimals, zero-padded: written with a leading 1 (seven digits) whose place
            // the point then takes.
            _ = TextBytes.writeDigits(fraction + 1_000_000, endingAt: base + count)
            base.storeBytes(of: UInt8(ascii: "."), toByteOffset: point, as: UInt8.self)
            return count
        }
    }

    public static func string(_ style: Style, _ value: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            let written = vigil_format_double(buffer.baseAddress!, capacity, CChar(bitPattern: style.rawValue), value)
            let count = max(0, min(Int(written), capacity - 1))
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: count), as: UTF8.self)
        }
    }
}
