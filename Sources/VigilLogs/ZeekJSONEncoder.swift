import VigilCore

/// Renders a row the way Zeek's JSON writer does: unset fields omitted, times as epoch
/// seconds with microseconds, sets and vectors as arrays.
///
/// Appends straight to the log writer's byte buffer, with each field's `"name":` prefix
/// rendered once per schema: every row of every JSON log goes through here.
public enum ZeekJSONEncoder {
    /// Items written per list field (`Limits.maxLogVectorItems`); the rest are dropped.
    static let maxItems = Limits.default.maxLogVectorItems

    static let comma = UInt8(ascii: ",")

    /// One row as a JSON object (no newline).
    public static func encode<Bytes: ByteAppending>(_ r: LogRecord, into out: inout Bytes) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for (i, v) in r.values.enumerated() {
            if case .unset = v { continue }
            out.append(bytes: r.schema.jsonKey(i, comma: !first))
            first = false
            append(v, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// One value as it appears in a row (what detection reads back for the fields it needs).
    public static func encode<Bytes: ByteAppending>(value v: LogValue, into out: inout Bytes) { append(v, to: &out) }

    static func append<Bytes: ByteAppending>(_ v: LogValue, to out: inout Bytes) {
        switch v {
        case .unset: break
        case .string(let s): TextBytes.appendJSONString(s, to: &out)
        case .name(let n): out.append(quoted: n.text)
        case .count(let c): TextBytes.appendDigits(c, to: &out)
        case .int(let i): TextBytes.appendSigned(i, to: &out)
        case .double(let d): out.append(utf8: formatDouble(d))
        case .time(let t): TextBytes.appendMicros(t.nanoseconds, to: &out)
        case .interval(let ns): TextBytes.appendMicros(ns, to: &out)
        case .addr(let a):
            out.append(UInt8(ascii: "\""))
            TextBytes.appendAddress(a, to: &out)
            out.append(UInt8(ascii: "\""))
        case .mac(let m):
            out.append(UInt8(ascii: "\""))
            TextBytes.appendMAC(m, to: &out)
            out.append(UInt8(ascii: "\""))
        case .port(let p): TextBytes.appendDigits(UInt64(p), to: &out)
        case .bool(let b): out.append(b ? trueBytes : falseBytes)
        case .strings(let a): appendArray(a, to: &out) { s, out in TextBytes.appendJSONString(s, to: &out) }
        case .counts(let a): appendArray(a, to: &out) { c, out in TextBytes.appendDigits(c, to: &out) }
        case .intervals(let a): appendArray(a, to: &out) { ns, out in TextBytes.appendMicros(ns, to: &out) }
        }
    }

    static let trueBytes = Array("true".utf8)
    static let falseBytes = Array("false".utf8)

    private static func appendArray<T, Bytes: ByteAppending>(_ items: [T], to out: inout Bytes, _ item: (T, inout Bytes) -> Void) {
        out.append(UInt8(ascii: "["))
        for (i, x) in items.prefix(maxItems).enumerated() {
            if i > 0 { out.append(comma) }
            item(x, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    static func formatDouble(_ d: Double) -> String {
        guard d.isFinite else { return "0" }
        return String(d)
    }
}
