/// Turns untrusted protocol bytes into log-safe text the way Zeek does: printable ASCII kept,
/// everything else as `\xNN`, and cut at a limit with the cut recorded.
public enum BytesText {
    /// Printable ASCII kept as is; every other byte, and the backslash, as `\xNN` (Zeek's
    /// escaping of non-printable bytes). Past `limit` bytes the rest is summarised.
    public static func escaped(_ b: UnsafeRawBufferPointer, limit: Int = Limits.default.maxLogStringBytes) -> String {
        var out: [UInt8] = []
        appendEscaped(b, limit: limit, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func escaped(_ a: [UInt8], limit: Int = Limits.default.maxLogStringBytes) -> String {
        a.withUnsafeBytes { escaped($0, limit: limit) }
    }

    /// `escaped(_:limit:)`'s text appended to `out`, for callers that split it further before
    /// making Strings (the HTTP head). The text is printable ASCII: no CR, LF or tab.
    public static func appendEscaped(_ b: UnsafeRawBufferPointer, limit: Int, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + min(b.count, limit))
        for i in 0..<b.count {
            if i >= limit {
                out.append(contentsOf: "...[truncated \(b.count - limit) bytes]".utf8)
                break
            }
            let c = b[i]
            if c >= 0x20 && c < 0x7F && c != UInt8(ascii: "\\") {
                out.append(c)
            } else {
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "x"))
                out.append(Hex.nibbleDigit(c >> 4))
                out.append(Hex.nibbleDigit(c & 0x0F))
            }
        }
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
