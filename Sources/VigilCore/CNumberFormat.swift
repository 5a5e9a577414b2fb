#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// C's printf text of one number ("%f", "%g"): what ICSNPP-bacnet and the Zeek IEC 104
/// analyzers print, so Vigil's values match theirs character for character.
///
/// Calls vsnprintf directly: Foundation's `String(format:)` cost about 5,500 instructions
/// per value (bench/run.sh logs one for every BACnet real).
public enum CNumberFormat {
    /// Longest text: "%f" of the largest double is 309 integer digits, a point and six decimals.
    static let capacity = 512

    public static func string(_ format: StaticString, _ value: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            let written = withVaList([value]) { args in
                format.withUTF8Buffer { spec in
                    spec.withMemoryRebound(to: CChar.self) { vsnprintf(buffer.baseAddress!, capacity, $0.baseAddress!, args) }
                }
            }
            let count = max(0, min(Int(written), capacity - 1))
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: count), as: UTF8.self)
        }
    }
}
