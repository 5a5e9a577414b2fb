/// Turns untrusted protocol bytes into log-safe text the way Zeek does: printable ASCII kept,
/// everything else as `\xNN`, and cut at a limit with the cut recorded.
public enum BytesText {
    public static func escaped(_ b: UnsafeRawBufferPointer, limit: Int = Limits.default.maxLogStringBytes) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(min(b.count, limit))
        for (i, c) in b.enumerated() {
            if i >= limit {
                out.append(contentsOf: Array("...[truncated \(b.count - limit) bytes]".utf8))
                break
            }
            if c >= 0x20 && c < 0x7F && c != UInt8(ascii: "\\") {
                out.append(c)
            } else {
                out.append(contentsOf: [92, 120])
                out.append(contentsOf: Array(Hex.byte(c).utf8))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func escaped(_ a: [UInt8], limit: Int = Limits.default.maxLogStringBytes) -> String {
        a.withUnsafeBytes { escaped($0, limit: limit) }
    }

    /// Decodes UTF-8 when valid (keeps non-ASCII names readable), else falls back to escaping.
    public static func text(_ a: [UInt8], limit: Int = Limits.default.maxLogStringBytes) -> String {
        if a.count <= limit, a.allSatisfy({ $0 >= 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "\\") }),
            let s = String(validating: a, as: UTF8.self)
        {
            return s
        }
        return escaped(a, limit: limit)
    }
}
