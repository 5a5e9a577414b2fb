import Testing

@testable import VigilCore

@Suite struct ConnectionUIDTests {
    /// The bits written later give the same text as the String made at once, uid for uid.
    @Test func bitsWriteTheSameTextAsNext() {
        var strings = ConnectionUIDGenerator(seed: 42)
        var bits = ConnectionUIDGenerator(seed: 42)
        for _ in 0..<2000 {
            let expected = strings.next()
            let b = bits.nextBits()
            #expect(b.text == expected)
            let written = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ConnectionUIDBits.maxLength) { buffer in
                String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<b.write(into: buffer.baseAddress!)]), as: UTF8.self)
            }
            #expect(written == expected)
        }
    }

    /// "C", then base62 digits of the 64-bit and the 32-bit halves: 0 is one digit, the
    /// largest values 11 and 6.
    @Test func digitsAreBase62WithoutLeadingZeros() {
        #expect(ConnectionUIDBits(prefix: UInt8(ascii: "C"), high: 0, low: 0).text == "C00")
        #expect(ConnectionUIDBits(prefix: UInt8(ascii: "C"), high: 61, low: 62).text == "Cz10")
        let longest = ConnectionUIDBits(prefix: UInt8(ascii: "F"), high: .max, low: 0xFFFF_FFFF).text
        #expect(longest == "FLygHa16AHYF4gfFC3")  // 2^64-1 and 2^32-1 in base62 (Python)
        #expect(longest.utf8.count == ConnectionUIDBits.maxLength)
    }
}
