#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 address, compared and hashed by value.
public enum IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    case v4(UInt32)
    case v6(UInt64, UInt64)

    /// Reads a 4-byte IPv4 address at `offset`; the caller has checked the bounds.
    @inlinable public static func v4(_ b: UnsafeRawBufferPointer, at offset: Int) -> IPAddress {
        .v4(ByteReader.u32(b, offset))
    }

    /// Reads a 16-byte IPv6 address at `offset`; the caller has checked the bounds.
    @inlinable public static func v6(_ b: UnsafeRawBufferPointer, at offset: Int) -> IPAddress {
        .v6(ByteReader.u64(b, offset), ByteReader.u64(b, offset + 8))
    }

    /// The address folded into one word for the flow tables' own hashes: an IPv4 address
    /// as it is, an IPv6 address's halves mixed by one multiplication.
    @inlinable public var hashFold: UInt64 {
        switch self {
        case .v4(let v): return UInt64(v)
        case .v6(let hi, let lo): return hi ^ (lo &* 0x9E37_79B9_7F4A_7C15)
        }
    }

    public var isV4: Bool { if case .v4 = self { return true } else { return false } }

    public static func < (a: IPAddress, b: IPAddress) -> Bool {
        switch (a, b) {
        case (.v4(let x), .v4(let y)): return x < y
        case (.v4, .v6): return true
        case (.v6, .v4): return false
        case (.v6(let a1, let a2), .v6(let b1, let b2)): return a1 < b1 || (a1 == b1 && a2 < b2)
        }
    }

    /// Broadcast and multicast addresses name a group, not one device.
    public var isGroup: Bool {
        switch self {
        case .v4(let a): return a == 0xFFFF_FFFF || (a >> 28) == 0xE || (a & 0xFF) == 0xFF
        case .v6(let hi, _): return (hi >> 56) == 0xFF
        }
    }

    /// On-link scope: private (RFC 1918, RFC 4193), link-local (RFC 3927, RFC 4291) and
    /// loopback addresses. Frames to or from other addresses carry a router's MAC, not the
    /// host's, so only these may take a MAC from the frames they travel in.
    public var isLocalScope: Bool {
        switch self {
        case .v4(let a):
            return a >> 24 == 10 || a >> 20 == 0xAC1 || a >> 16 == 0xC0A8 || a >> 16 == 0xA9FE || a >> 24 == 127
        case .v6(let hi, let lo):
            return hi >> 54 == 0x3FA || hi >> 57 == 0x7E || (hi == 0 && lo == 1)
        }
    }

    /// IPv6 link-local (fe80::/10): always on the same link as the sensor.
    public var isLinkLocalV6: Bool { if case .v6(let hi, _) = self { return hi >> 54 == 0x3FA } else { return false } }

    public var isUnspecified: Bool {
        switch self {
        case .v4(let a): return a == 0
        case .v6(let hi, let lo): return hi == 0 && lo == 0
        }
    }

    /// Dotted quad for IPv4; RFC 5952 text for IPv6 (longest zero run compressed), as Zeek prints.
    public var description: String {
        switch self {
        case .v4(let a):
            var buf: (UInt64, UInt64) = (0, 0)
            return withUnsafeMutableBytes(of: &buf) { d in
                let n = IPAddress.writeDottedQuad(a, into: d)
                return String(decoding: UnsafeRawBufferPointer(rebasing: d[0..<n]), as: UTF8.self)
            }
        case .v6(let hi, let lo):
            var groups = [UInt16](repeating: 0, count: 8)
            for i in 0..<4 {
                groups[i] = UInt16(truncatingIfNeeded: hi >> UInt64(48 - 16 * i))
                groups[4 + i] = UInt16(truncatingIfNeeded: lo >> UInt64(48 - 16 * i))
            }
            if hi == 0 && (lo >> 32) == 0xFFFF {  // IPv4-mapped
                return "::ffff:" + IPAddress.v4(UInt32(truncatingIfNeeded: lo)).description
            }
            var bestStart = -1
            var bestLen = 0
            var i = 0
            while i < 8 {
                if groups[i] == 0 {
                    var j = i
                    while j < 8 && groups[j] == 0 { j += 1 }
                    if j - i > bestLen && j - i >= 2 {
                        bestStart = i
                        bestLen = j - i
                    }
                    i = j
                } else {
                    i += 1
                }
            }
            func hex(_ g: UInt16) -> String { String(g, radix: 16) }
            if bestStart < 0 { return groups.map(hex).joined(separator: ":") }
            let head = groups[0..<bestStart].map(hex).joined(separator: ":")
            let tail = groups[(bestStart + bestLen)...].map(hex).joined(separator: ":")
            return head + "::" + tail
        }
    }

    /// Writes dotted-quad text into `d` (at least 15 bytes); returns its length.
    public static func writeDottedQuad(_ a: UInt32, into d: UnsafeMutableRawBufferPointer) -> Int {
        precondition(d.count >= 15, "dotted quad needs 15 bytes")
        return writeDottedQuad(a, at: d.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }

    /// Writes dotted-quad text at `d`, which has room for 15 bytes; returns its length.
    /// Hand-rolled and inlined because addresses are formatted for every log row: the call
    /// and the buffer's bounds checks were ~150 instructions an address.
    @inlinable public static func writeDottedQuad(_ a: UInt32, at d: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        // A counted loop, not `for shift in [24, 16, 8, 0]`: that literal allocated an array
        // per address (~300 instructions an address).
        var shift: UInt32 = 24
        while true {
            let octet = UInt8(truncatingIfNeeded: a >> shift)
            if octet >= 100 {
                d[n] = 48 &+ octet / 100
                n &+= 1
            }
            if octet >= 10 {
                d[n] = 48 &+ (octet / 10) % 10
                n &+= 1
            }
            d[n] = 48 &+ octet % 10
            n &+= 1
            if shift == 0 { break }
            d[n] = UInt8(ascii: ".")
            n &+= 1
            shift &-= 8
        }
        return n
    }

    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text (used by tests and configuration, not the
    /// hot path).
    public init?(parsing text: String) {
        if text.contains(":") {
            // IPv6, by the C library's own reader (every form RFC 4291 §2.2 allows, no zone).
            var bytes = [UInt8](repeating: 0, count: 16)
            guard text.utf8.count <= 45, inet_pton(AF_INET6, text, &bytes) == 1 else { return nil }
            let hi = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let lo = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            self = .v6(hi, lo)
            return
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for p in parts {
            guard p.utf8.count <= 3, p.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let o = UInt8(p) else { return nil }
            v = v << 8 | UInt32(o)
        }
        self = .v4(v)
    }
}
