/// Zeek-style connection uids: "C" followed by base62 text of 96 random-looking bits.
///
/// Generated from a seeded SplitMix64 stream so that the same input gives the same uids on
/// every run (reproducible logs and golden tests), as Zeek does with a fixed seed.
public struct ConnectionUIDGenerator: Sendable {
    private var state: UInt64

    public init(seed: UInt64 = 0x5EED_0F_71_6111) { state = seed }

    public mutating func next(prefix: Character = "C") -> String {
        let a = splitMix()
        let b = splitMix() & 0xFFFF_FFFF
        // Built in a fixed byte buffer: one uid per connection is on the hot path.
        var buf: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &buf) { d in
            d[0] = prefix.asciiValue ?? 67
            var n = 1
            n = ConnectionUIDGenerator.appendBase62(a, into: d, at: n)
            n = ConnectionUIDGenerator.appendBase62(b, into: d, at: n)
            return String(decoding: UnsafeRawBufferPointer(rebasing: d[0..<n]), as: UTF8.self)
        }
    }

    static let alphabetBytes: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// Appends base62 digits (most significant first); a UInt64 needs at most 11.
    static func appendBase62(_ v: UInt64, into d: UnsafeMutableRawBufferPointer, at start: Int) -> Int {
        if v == 0 {
            d[start] = 48
            return start + 1
        }
        var x = v
        var count = 0
        while x > 0 {
            count += 1
            x /= 62
        }
        x = v
        var i = start + count - 1
        while x > 0 {
            d[i] = alphabetBytes[Int(x % 62)]
            x /= 62
            i -= 1
        }
        return start + count
    }

    private mutating func splitMix() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static let alphabet: [Character] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    static func base62(_ v: UInt64) -> String {
        if v == 0 { return "0" }
        var x = v
        var out: [Character] = []
        while x > 0 {
            out.append(alphabet[Int(x % 62)])
            x /= 62
        }
        return String(out.reversed())
    }
}
