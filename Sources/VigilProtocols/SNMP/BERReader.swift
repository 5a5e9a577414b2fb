import VigilCore

/// Reads ASN.1 BER (ITU-T X.690) as SNMP uses it: definite lengths, one-byte tags, nested
/// SEQUENCEs. Every length is checked against what remains, so hostile input only fails.
struct BERReader {
    let bytes: UnsafeRawBufferPointer
    var at: Int

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        at = 0
    }

    var atEnd: Bool { at >= bytes.count }

    /// The next element: its tag and its contents. Nil when the header or the contents run
    /// past the end, or the length uses the indefinite form (X.690 §8.1.3.6, not allowed in
    /// SNMP) or more than four length bytes.
    mutating func element() -> (tag: UInt8, value: UnsafeRawBufferPointer)? {
        guard at + 2 <= bytes.count else { return nil }
        let tag = bytes[at]
        var length = Int(bytes[at + 1])
        var o = at + 2
        if length & 0x80 != 0 {
            let n = length & 0x7F
            guard n >= 1, n <= 4, o + n <= bytes.count else { return nil }
            length = 0
            for i in 0..<n { length = length << 8 | Int(bytes[o + i]) }
            o += n
        }
        guard length <= bytes.count - o else { return nil }
        at = o + length
        return (tag, UnsafeRawBufferPointer(rebasing: bytes[o..<(o + length)]))
    }

    /// The next element if it has `tag`.
    mutating func element(_ tag: UInt8) -> UnsafeRawBufferPointer? {
        let saved = at
        guard let e = element(), e.tag == tag else {
            at = saved
            return nil
        }
        return e.value
    }

    /// A two's-complement INTEGER of up to 8 bytes (X.690 §8.3).
    static func integer(_ v: UnsafeRawBufferPointer) -> Int64? {
        guard v.count >= 1, v.count <= 8 else { return nil }
        var x: Int64 = v[0] & 0x80 != 0 ? -1 : 0
        for b in v { x = x << 8 | Int64(b) }
        return x
    }

    /// An unsigned value of up to 8 contents bytes (Counter32, Gauge32, TimeTicks, Counter64:
    /// a ninth leading zero byte keeps the sign bit clear).
    static func unsigned(_ v: UnsafeRawBufferPointer) -> UInt64? {
        guard v.count >= 1, v.count <= 9, v.count < 9 || v[0] == 0 else { return nil }
        var x: UInt64 = 0
        for b in v { x = x << 8 | UInt64(b) }
        return x
    }

    /// An OBJECT IDENTIFIER in dotted form (X.690 §8.19): the first byte holds the first two
    /// arcs, the rest are base-128 with a continuation bit. Nil for an arc over 64 bits or one
    /// cut off.
    static func oid(_ v: UnsafeRawBufferPointer) -> String? {
        guard !v.isEmpty else { return nil }
        var arcs: [UInt64] = []
        var x: UInt64 = 0
        var open = false
        for b in v {
            guard x >> 57 == 0 else { return nil }
            x = x << 7 | UInt64(b & 0x7F)
            open = b & 0x80 != 0
            if !open {
                if arcs.isEmpty {
                    arcs = x < 80 ? [x / 40, x % 40] : [2, x - 80]
                } else {
                    arcs.append(x)
                }
                x = 0
            }
        }
        guard !open else { return nil }
        return arcs.map(String.init).joined(separator: ".")
    }
}
