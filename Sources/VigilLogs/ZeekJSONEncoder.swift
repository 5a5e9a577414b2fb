import VigilCore

/// Renders a row the way Zeek's JSON writer does: unset fields omitted, times as epoch
/// seconds with microseconds, sets and vectors as arrays.
public enum ZeekJSONEncoder {
    /// Items written per list field (`Limits.maxLogVectorItems`); the rest are dropped.
    static let maxItems = Limits.default.maxLogVectorItems

    public static func encode(_ r: LogRecord, into w: inout JSONWriter) {
        w.beginObject()
        let ranges = r.schema.jsonKeyRanges
        r.schema.jsonKeyBytes.withUnsafeBufferPointer { keyBytes in
            for (i, v) in r.values.enumerated() {
                let k = UnsafeBufferPointer(rebasing: keyBytes[ranges[i]])
                switch v {
                case .unset: continue
                case .string(let s):
                    w.key(encoded: k)
                    w.string(s)
                case .count(let c):
                    w.key(encoded: k)
                    w.number(c)
                case .int(let i):
                    w.key(encoded: k)
                    w.number(i)
                case .double(let d):
                    w.key(encoded: k)
                    w.raw(formatDouble(d))
                case .time(let t):
                    w.key(encoded: k)
                    w.micros(t.nanoseconds)
                case .interval(let ns):
                    w.key(encoded: k)
                    w.micros(ns)
                case .addr(let a):
                    w.key(encoded: k)
                    w.address(a)
                case .mac(let m):
                    w.key(encoded: k)
                    w.mac(m)
                case .port(let p):
                    w.key(encoded: k)
                    w.number(p)
                case .bool(let b):
                    w.key(encoded: k)
                    w.bool(b)
                case .strings(let a):
                    w.key(encoded: k)
                    w.beginArray()
                    for s in a.prefix(maxItems) { w.string(s) }
                    w.endArray()
                case .counts(let a):
                    w.key(encoded: k)
                    w.beginArray()
                    for c in a.prefix(maxItems) { w.number(c) }
                    w.endArray()
                case .intervals(let a):
                    w.key(encoded: k)
                    w.beginArray()
                    for ns in a.prefix(maxItems) { w.micros(ns) }
                    w.endArray()
                }
            }
        }
        w.endObject()
    }

    static func formatDouble(_ d: Double) -> String {
        guard d.isFinite else { return "0" }
        return String(d)
    }
}
