import Testing

@testable import VigilCore

/// The byte-built hex formatters against Swift's own radix-16 text.
@Suite struct HexTests {
    static let values: [UInt64] = [0, 1, 0xF, 0x10, 0xFF, 0x100, 0xABC, 0xFFFF, 0x1_0000, 0xDEAD_BEEF, 0x1_0000_0000, UInt64.max]

    @Test func zeekFormIsPaddedToTheMinimumAndNeverTruncated() {
        for v in Self.values {
            for width in [1, 2, 4, 8] {
                let digits = String(v, radix: 16)
                #expect(Hex.zeek(v, minimumWidth: width) == "0x" + String(repeating: "0", count: max(0, width - digits.count)) + digits)
            }
        }
        #expect(Hex.zeek(0x1F, minimumWidth: 4) == "0x001f")
    }

    @Test func prefixedFormKeepsExactlyTheWidth() {
        for v in Self.values {
            for width in [2, 4, 8, 16, 18] {
                let digits = String(v, radix: 16)
                let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
                #expect(Hex.prefixed(v, width: width) == "0x" + padded.suffix(width))
            }
        }
    }

    @Test func bytesAreTwoLowerCaseDigitsEach() {
        let bytes: [UInt8] = [0x00, 0x0A, 0xA0, 0xFF, 0x7E]
        #expect(Hex.string(bytes) == "000aa0ff7e")
        #expect(bytes.withUnsafeBytes { Hex.string($0[1..<4]) } == "0aa0ff")
        #expect(Hex.byte(0xC3) == "c3")
        #expect(Hex.string([UInt8]()) == "")
    }
}
