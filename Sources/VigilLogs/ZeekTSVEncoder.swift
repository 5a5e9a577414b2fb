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

    public static func row(_ r: LogRecord) -> String {
        var out = ""
        for (i, v) in r.values.enumerated() {
            if i > 0 { out += separator }
            out += field(v)
        }
        return out + "\n"
    }

    public static func field(_ v: LogValue) -> String {
        switch v {
        case .unset: return unsetField
        case .string(let s): return s.isEmpty ? emptyField : escape(s, inSet: false)
        case .count(let c): return String(c)
        case .int(let i): return String(i)
        case .double(let d): return ZeekJSONEncoder.formatDouble(d)
        case .time(let t): return t.zeekFormatted
        case .interval(let ns): return Timestamp.formatMicros(ns)
        case .addr(let a): return a.description
        case .mac(let m): return m.description
        case .port(let p): return String(p)
        case .bool(let b): return b ? "T" : "F"
        case .strings(let a):
            return a.isEmpty
                ? emptyField : a.prefix(ZeekJSONEncoder.maxItems).map { escape($0, inSet: true) }.joined(separator: setSeparator)
        case .counts(let a):
            return a.isEmpty ? emptyField : a.prefix(ZeekJSONEncoder.maxItems).map { String($0) }.joined(separator: setSeparator)
        case .intervals(let a):
            return a.isEmpty
                ? emptyField : a.prefix(ZeekJSONEncoder.maxItems).map { Timestamp.formatMicros($0) }.joined(separator: setSeparator)
        }
    }

    static func escape(_ s: String, inSet: Bool) -> String {
        if s == unsetField || s == emptyField { return s.utf8.map { "\\x" + Hex.byte($0) }.joined() }
        var out = ""
        for u in s.unicodeScalars {
            if u == "\t" || (inSet && u == ",") || u.value < 0x20 || u.value == 0x7F {
                out += "\\x" + Hex.byte(UInt8(u.value))
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
