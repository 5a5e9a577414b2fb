import VigilCore

/// Renders a row the way Zeek's JSON writer does: unset fields omitted, times as epoch
/// seconds with microseconds, sets and vectors as arrays.
public enum ZeekJSONEncoder {
    public static func encode(_ r: LogRecord, into w: inout JSONWriter) {
        w.beginObject()
        for (f, v) in zip(r.schema.fields, r.values) {
            switch v {
            case .unset: continue
            case .string(let s): w.key(f.name); w.string(s)
            case .count(let c): w.key(f.name); w.number(c)
            case .int(let i): w.key(f.name); w.number(i)
            case .double(let d): w.key(f.name); w.raw(formatDouble(d))
            case .time(let t): w.key(f.name); w.raw(t.zeekFormatted)
            case .interval(let ns): w.key(f.name); w.raw(Timestamp.formatMicros(ns))
            case .addr(let a): w.key(f.name); w.string(a.description)
            case .port(let p): w.key(f.name); w.number(p)
            case .bool(let b): w.key(f.name); w.bool(b)
            case .strings(let a): w.key(f.name); w.beginArray(); for s in a { w.string(s) }; w.endArray()
            case .counts(let a): w.key(f.name); w.beginArray(); for c in a { w.number(c) }; w.endArray()
            case .intervals(let a): w.key(f.name); w.beginArray(); for ns in a { w.raw(Timestamp.formatMicros(ns)) }; w.endArray()
            }
        }
        w.endObject()
    }

    static func formatDouble(_ d: Double) -> String {
        guard d.isFinite else { return "0" }
        return String(d)
    }
}
