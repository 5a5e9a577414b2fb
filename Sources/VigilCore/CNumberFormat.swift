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

    public static func string(_ style: Style, _ value: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            let written = vigil_format_double(buffer.baseAddress!, capacity, CChar(bitPattern: style.rawValue), value)
            let count = max(0, min(Int(written), capacity - 1))
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: count), as: UTF8.self)
        }
    }
}
