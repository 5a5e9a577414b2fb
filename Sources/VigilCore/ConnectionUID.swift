/// Zeek-style connection uids: "C" followed by base62 text of 96 random-looking bits.
///
/// Generated from a seeded SplitMix64 stream so that the same input gives the same uids on
/// every run (reproducible logs and golden tests), as Zeek does with a fixed seed.
public struct ConnectionUIDGenerator: Sendable {
    private var state: UInt64
    private let seed: UInt64

    public init(seed: UInt64 = 0x5EED_0F_71_6111) {
        state = seed
        self.seed = seed
    }

    /// The next uid: `prefix` (an ASCII letter) and base62 text of 96 bits, written straight
    /// into the String's storage (`ConnectionUIDBits.text`). Flows take theirs from
    /// `bits(_:_:ports:start:)` instead; a sequence suits uids of things that have no key.
    public mutating func next(prefix: UInt8 = UInt8(ascii: "C")) -> String { nextBits(prefix: prefix).text }

    /// The next uid's bits, for writing as text later (`ConnectionUIDBits`); the same
    /// sequence as `next`.
    public mutating func nextBits(prefix: UInt8 = UInt8(ascii: "C")) -> ConnectionUIDBits {
        let high = splitMix()
        let low = splitMix() & 0xFFFF_FFFF
        return ConnectionUIDBits(prefix: prefix, high: high, low: low)
    }

    /// The uid of one flow, computed from what identifies it (its addresses, ports, transport
    /// and first packet's time) rather than drawn in order: a flow gets the same uid whichever
    /// worker analyses it and whatever else that worker saw, so a run on several cores writes
    /// the same logs as a run on one. 96 bits of a keyed mix, so uids still look random and two
    /// flows share one only if they share all of that.
    /// The two addresses are given in the flow key's order.
    public func bits(
        _ first: IPAddress, _ second: IPAddress, ports: UInt64, start: Timestamp, prefix: UInt8 = UInt8(ascii: "C")
    ) -> ConnectionUIDBits {
        let (a, b) = (Self.words(first), Self.words(second))
        var h = Self.mix(seed ^ a.0)
        h = Self.mix(h ^ a.1)
        h = Self.mix(h ^ b.0)
        h = Self.mix(h ^ b.1)
        h = Self.mix(h ^ ports)
        h = Self.mix(h ^ UInt64(bitPattern: start.nanoseconds))
        return ConnectionUIDBits(prefix: prefix, high: Self.mix(h ^ 0x5555_5555), low: Self.mix(h ^ 0xAAAA_AAAA) & 0xFFFF_FFFF)
    }

    /// An address as two words: an IPv4 one marked as IPv4-mapped, so that it never mixes like
    /// an IPv6 address.
    private static func words(_ a: IPAddress) -> (UInt64, UInt64) {
        switch a {
        case .v4(let v): return (0xFFFF, UInt64(v))
        case .v6(let hi, let lo): return (hi, lo)
        }
    }

    /// SplitMix64's finaliser: every input bit moves about half the output bits.
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The base62 digits, most significant first.
    static let digits: StaticString = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

    /// Writes the base62 digits of `v` (most significant first) at `text`; returns how many.
    /// Digits come out least significant first, so they go to a scratch area from its end
    /// and are then copied: one division a digit rather than a counting pass and a writing
    /// pass (~450 instructions a uid, one uid a connection).
    static func writeBase62(_ v: UInt64, into text: UnsafeMutablePointer<UInt8>) -> Int {
        var scratch: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &scratch) { s in
            let alphabet = digits.utf8Start
            var x = v
            var i = s.count
            repeat {
                i -= 1
                s[i] = alphabet[Int(x % 62)]
                x /= 62
            } while x > 0
            let n = s.count - i
            text.update(from: s.baseAddress!.assumingMemoryBound(to: UInt8.self) + i, count: n)
            return n
        }
    }

    private mutating func splitMix() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
