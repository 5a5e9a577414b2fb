/// A small append-only JSON text builder over a byte array.
///
/// Written by hand rather than `JSONEncoder` because logs are written on the hot path: it
/// appends bytes in place with no reflection, boxing or intermediate dictionaries, and can be
/// reset and reused so a log writer allocates its buffer once.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Bit `depth` says whether the container at that depth needs a comma before its next
    /// item. 64 levels is far beyond anything Vigil writes.
    private var commaBits: UInt64 = 0
    private var depth = 0

    public init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    /// Empties the buffer, keeping its storage.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        commaBits = 0
        depth = 0
    }

    public mutating func beginObject() {
        separator()
        bytes.append(UInt8(ascii: "{"))
        push()
    }
    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        depth -= 1
    }
    public mutating func beginArray() {
        separator()
        bytes.append(UInt8(ascii: "["))
        push()
    }
    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        depth -= 1
    }

    public mutating func key(_ k: String) {
        separator()
        TextBytes.appendJSONString(k, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        commaBits &= ~(1 << UInt64(depth))
    }

    public mutating func string(_ s: String) {
        separator()
        TextBytes.appendJSONString(s, to: &bytes)
    }
    public mutating func raw(_ literal: String) {
        separator()
        var l = literal
        l.withUTF8 { bytes.append(contentsOf: $0) }
    }
    /// Non-generic fast paths: LogValue counts and ints go through these without dispatch.
    public mutating func number(_ v: UInt64) {
        separator()
        TextBytes.appendDigits(v, to: &bytes)
    }
    public mutating func number(_ v: Int64) {
        separator()
        TextBytes.appendSigned(v, to: &bytes)
    }
    public mutating func number(_ v: UInt16) {
        separator()
        TextBytes.appendDigits(UInt64(v), to: &bytes)
    }

    public mutating func number<I: BinaryInteger>(_ v: I) {
        separator()
        if v < 0 {
            bytes.append(UInt8(ascii: "-"))
            TextBytes.appendDigits(UInt64(-Int64(v)), to: &bytes)
        } else {
            TextBytes.appendDigits(UInt64(v), to: &bytes)
        }
    }
    public mutating func bool(_ v: Bool) { raw(v ? "true" : "false") }
    public mutating func null() { raw("null") }

    /// Seconds with six decimals from nanoseconds (Zeek's time and interval format), written
    /// straight into the buffer.
    public mutating func micros(_ ns: Int64) {
        separator()
        TextBytes.appendMicros(ns, to: &bytes)
    }

    /// An address as a JSON string, written straight into the buffer.
    public mutating func address(_ a: IPAddress) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        TextBytes.appendAddress(a, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A MAC address as a JSON string, written straight into the buffer.
    public mutating func mac(_ m: MACAddress) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        TextBytes.appendMAC(m, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func field(_ k: String, _ v: String) {
        key(k)
        string(v)
    }
    public mutating func field<I: BinaryInteger>(_ k: String, _ v: I) {
        key(k)
        number(v)
    }
    public mutating func field(_ k: String, _ v: Bool) {
        key(k)
        bool(v)
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    @inline(__always) private mutating func push() {
        depth += 1
        commaBits &= ~(1 << UInt64(depth))
    }

    @inline(__always) private mutating func separator() {
        let bit: UInt64 = 1 << UInt64(depth)
        if commaBits & bit != 0 { bytes.append(UInt8(ascii: ",")) }
        commaBits |= bit
    }
}
