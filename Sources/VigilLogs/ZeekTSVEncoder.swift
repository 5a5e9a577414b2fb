import VigilCore

/// Renders rows and headers in Zeek's ASCII (TSV) format, including its escaping rules:
/// non-printable bytes and separators as `\xNN`, unset as `-`, empty as `(empty)`.
public enum ZeekTSVEncoder {
    public static let separator = "\t"
    public static let setSeparator = ","
    public static let emptyField = "(empty)"
    public static let unsetField = "-"

    public static func header(_ schema: LogSchema, openedAt: String) -> String {
        var s = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n"
        s += "#path\t\(schema.path)\n#open\t\(openedAt)\n"
        s += "#fields\t" + schema.fields.map(\.name).joined(separator: "\t") + "\n"
        s += "#types\t" + schema.fields.map(\.type).joined(separator: "\t") + "\n"
        return s
    }

    public static func footer(closedAt: String) -> String { "#close\t\(closedAt)\n" }

    /// One row, tab-separated and newline-terminated, appended to `out` (the writer's reused
    /// buffer: no `String` per field on the hot path).
    public static func encode<Bytes: ByteAppending>(_ r: LogRecord, into out: inout Bytes) {
        for (i, v) in r.values.enumerated() {
            if i > 0 { out.append(tab) }
            append(v, to: &out)
        }
        out.append(0x0A)
    }

    public static func row(_ r: LogRecord) -> String {
        var out: [UInt8] = []
        encode(r, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func field(_ v: LogValue) -> String {
        var out: [UInt8] = []
        append(v, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static let tab = UInt8(ascii: "\t")
    static let comma = UInt8(ascii: ",")

    static func append<Bytes: ByteAppending>(_ v: LogValue, to out: inout Bytes) {
        switch v {
        case .unset: out.append(UInt8(ascii: "-"))
        case .string(let s): append(string: s, to: &out)
        case .name(let n): out.append(bytes: n.text)
        case .count(let c): TextBytes.appendDigits(c, to: &out)
        case .int(let i): TextBytes.appendSigned(i, to: &out)
        case .double(let d): out.append(utf8: ZeekJSONEncoder.formatDouble(d))
        case .time(let t): TextBytes.appendMicros(t.nanoseconds, to: &out)
        case .interval(let ns): TextBytes.appendMicros(ns, to: &out)
        case .addr(let a): TextBytes.appendAddress(a, to: &out)
        case .mac(let m): TextBytes.appendMAC(m, to: &out)
        case .port(let p): TextBytes.appendDigits(UInt64(p), to: &out)
        case .bool(let b): out.append(UInt8(ascii: b ? "T" : "F"))
        case .strings(let a):
            appendSet(a, to: &out) { s, out in appendEscaped(s, inSet: true, to: &out) }
        case .counts(let a):
            appendSet(a, to: &out) { c, out in TextBytes.appendDigits(c, to: &out) }
        case .intervals(let a):
            appendSet(a, to: &out) { ns, out in TextBytes.appendMicros(ns, to: &out) }
        }
    }

    /// A string field: `(empty)` when empty, else escaped.
    static func append<Bytes: ByteAppending>(string s: String, to out: inout Bytes) {
        s.isEmpty ? out.append(utf8: emptyField) : appendEscaped(s, inSet: false, to: &out)
    }

    /// A set or vector: comma-separated, `(empty)` when it has no items.
    private static func appendSet<T, Bytes: ByteAppending>(_ items: [T], to out: inout Bytes, _ item: (T, inout Bytes) -> Void) {
        guard !items.isEmpty else { return out.append(utf8: emptyField) }
        for (i, x) in items.prefix(ZeekJSONEncoder.maxItems).enumerated() {
            if i > 0 { out.append(comma) }
            item(x, &out)
        }
    }

    /// Zeek's ASCII writer escaping: tabs, control bytes, DEL (and commas inside a set) as
    /// `\xNN`; a value that reads as the unset or empty marker is escaped whole. Only ASCII
    /// bytes are ever escaped, so UTF-8 is scanned byte by byte and copied in one go when clean.
    static func appendEscaped<Bytes: ByteAppending>(_ s: String, inSet: Bool, to out: inout Bytes) {
        var str = s
        str.withUTF8 { u in
            let marker = u.elementsEqual(unsetField.utf8) || u.elementsEqual(emptyField.utf8)
            var clean = !marker
            if clean {
                for c in u where c < 0x20 || c == 0x7F || (inSet && c == comma) {
                    clean = false
                    break
                }
            }
            if clean { return out.append(bytes: UnsafeRawBufferPointer(u)) }
            for c in u {
                if marker || c < 0x20 || c == 0x7F || (inSet && c == comma) {
                    out.append(UInt8(ascii: "\\"))
                    out.append(UInt8(ascii: "x"))
                    out.append(Hex.digitBytes[Int(c >> 4)])
                    out.append(Hex.digitBytes[Int(c & 0xF)])
                } else {
                    out.append(c)
                }
            }
        }
    }
}
