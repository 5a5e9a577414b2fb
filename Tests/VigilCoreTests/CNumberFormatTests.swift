import Testing
import VigilCore

/// `CNumberFormat.fixed(Float)` writes "%f" itself; glibc's snprintf (`string(.fixed, _)`) is the
/// reference, on the same values.
@Suite struct CNumberFormatTests {
    func expectSnprintf(_ f: Float, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            CNumberFormat.fixed(f) == CNumberFormat.string(.fixed, Double(f)), "bits 0x\(String(f.bitPattern, radix: 16))",
            sourceLocation: sourceLocation)
    }

    @Test func edgesMatchSnprintf() {
        let values: [Float] = [
            0, -0, 1, -1, 0.5, 25.3, -273.15, 1e-7, -1e-7, 4.9999995e-7, 5e-7, 1.5e-6, 0.1, 123456.79,
            // Exact ties after scaling by 10^6 (k / 2^7 and the like): printf rounds them to even.
            0.0078125, -0.0078125, 0.0234375, 0.00390625, 1.0000005,
            .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
            // Around the 9 × 10^18 scaled bound, and past it (snprintf's path).
            9.0e12, 9.2e12, 9.3e12, -9.3e12, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
            .infinity, -.infinity, .nan, -.nan,
        ]
        for v in values { expectSnprintf(v) }
    }

    @Test func everyTieInAWideRangeRoundsToEven() {
        // k × 2^-7 for k odd has a scaled value ending in .5 exactly.
        for k in stride(from: -20_001, through: 20_001, by: 2) { expectSnprintf(Float(k) / 128) }
    }

    @Test func randomBitPatternsMatchSnprintf() {
        var state: UInt64 = 0x5EED
        for _ in 0..<200_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            expectSnprintf(Float(bitPattern: UInt32(truncatingIfNeeded: state >> 32)))
            // Magnitudes sensors report (-10^6 to 10^6), where most bit patterns do not fall.
            expectSnprintf(Float(Int64(bitPattern: state) % 2_000_000_000) / 1000)
        }
    }
}
