import VigilCore

/// One encoded tag (ASHRAE 135 clause 20.2.1): tag number, class, and either content bytes,
/// an opening or a closing bracket. Application booleans carry their value in `lengthValue`.
struct BACnetTag: Equatable {
    enum Kind: Equatable { case data, opening, closing }
    var number: UInt32
    var isContext: Bool
    var kind: Kind
    /// The 3-bit length/value/type field as sent (the boolean's value for application tag 1).
    var lengthValue: UInt8
    /// Content byte range within the buffer the tags were read from.
    var start: Int
    var end: Int

    func bytes(_ b: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: b[start..<end]) }

    /// Big-endian unsigned content, as clause 20.2.4 encodes it (at most 4 bytes are read).
    func unsigned(_ b: UnsafeRawBufferPointer) -> UInt32 {
        var v: UInt32 = 0
        for i in start..<min(end, start + 4) { v = v << 8 | UInt32(b[i]) }
        return v
    }

    /// Reads every tag in `b`, at most `limit` of them, into `tags` (emptied first, its
    /// storage kept: the analyzer reuses one array for every APDU instead of growing a new one
    /// each time). False when a tag runs past the end (a malformed or truncated APDU).
    static func readAll(_ b: UnsafeRawBufferPointer, limit: Int, into tags: inout [BACnetTag]) -> Bool {
        tags.removeAll(keepingCapacity: true)
        var o = 0
        while o < b.count {
            guard tags.count < limit, let (tag, next) = read(b, at: o) else { return false }
            tags.append(tag)
            o = next
        }
        return true
    }

    /// One tag at `offset` and where the next begins; nil when it runs past the end. Inlined
    /// into `readAll`'s loop: every tag of every APDU, and the call was ~0.7% of bench/run.sh's
    /// instructions.
    @inline(__always) static func read(_ b: UnsafeRawBufferPointer, at offset: Int) -> (BACnetTag, Int)? {
        var o = offset
        guard o < b.count else { return nil }
        let first = b[o]
        o += 1
        var number = UInt32(first >> 4)
        let isContext = first & 0x08 != 0
        let lvt = first & 0x07
        if number == 15 {  // extended tag number in the next octet (20.2.1.2)
            guard o < b.count else { return nil }
            number = UInt32(b[o])
            o += 1
        }
        if isContext && lvt == 6 {
            return (BACnetTag(number: number, isContext: true, kind: .opening, lengthValue: lvt, start: o, end: o), o)
        }
        if isContext && lvt == 7 {
            return (BACnetTag(number: number, isContext: true, kind: .closing, lengthValue: lvt, start: o, end: o), o)
        }
        if !isContext && number == 1 {  // application boolean: value in the LVT field, no content (20.2.3)
            return (BACnetTag(number: 1, isContext: false, kind: .data, lengthValue: lvt, start: o, end: o), o)
        }
        var length = Int(lvt)
        if lvt == 5 {  // extended length (20.2.1.3.1)
            guard o < b.count else { return nil }
            length = Int(b[o])
            o += 1
            if length == 254 {
                guard o + 2 <= b.count else { return nil }
                length = Int(ByteReader.u16(b, o))
                o += 2
            } else if length == 255 {
                guard o + 4 <= b.count else { return nil }
                length = Int(ByteReader.u32(b, o))
                o += 4
            }
        }
        guard length <= b.count - o else { return nil }
        return (BACnetTag(number: number, isContext: isContext, kind: .data, lengthValue: lvt, start: o, end: o + length), o + length)
    }
}
