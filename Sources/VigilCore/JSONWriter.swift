/// A small append-only JSON text builder over a byte array.
///
/// Written by hand rather than `JSONEncoder` because logs are written on the hot path: it
/// appends bytes in place with no reflection, boxing or intermediate dictionaries.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]

    public init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    public mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma.removeLast() }
    public mutating func beginArray() { separator(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    public mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma.removeLast() }

    public mutating func key(_ k: String) {
        separator()
        appendQuoted(k)
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    public mutating func string(_ s: String) { separator(); appendQuoted(s) }
    public mutating func raw(_ literal: String) { separator(); bytes.append(contentsOf: literal.utf8) }
    public mutating func number<I: BinaryInteger>(_ v: I) { raw(String(v)) }
    public mutating func bool(_ v: Bool) { raw(v ? "true" : "false") }
    public mutating func null() { raw("null") }

    public mutating func field(_ k: String, _ v: String) { key(k); string(v) }
    public mutating func field<I: BinaryInteger>(_ k: String, _ v: I) { key(k); number(v) }
    public mutating func field(_ k: String, _ v: Bool) { key(k); bool(v) }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    /// RFC 8259 §7 escaping; invalid UTF-8 never reaches here because Swift strings are valid.
    private mutating func appendQuoted(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case 0x0A: bytes.append(contentsOf: [92, 110])
            case 0x0D: bytes.append(contentsOf: [92, 114])
            case 0x09: bytes.append(contentsOf: [92, 116])
            case 0..<0x20, 0x7F:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(contentsOf: Array(Hex.byte(c).utf8))
            default: bytes.append(c)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
