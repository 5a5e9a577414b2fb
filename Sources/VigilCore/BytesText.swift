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
        let kept = min(b.count, max(limit, 0))
        out.reserveCapacity(out.count + kept)
        // Runs of printable bytes are appended whole: a byte at a time, each append checked
        // the array's capacity and uniqueness (~550 instructions for a DNS name).
        var i = 0
        while i < kept {
            var run = i
            while run < kept && isPrintable(b[run]) { run += 1 }
            if run > i {
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: b[i..<run]))
                i = run
                continue
            }
            let c = b[i]
            out.append(UInt8(ascii: "\\"))
            out.append(UInt8(ascii: "x"))
            out.append(Hex.nibbleDigit(c >> 4))
            out.append(Hex.nibbleDigit(c & 0x0F))
            i += 1
        }
        if b.count > kept { out.append(contentsOf: "...[truncated \(b.count - limit) bytes]".utf8) }
    }

    /// Printable ASCII other than the backslash (which is escaped so `\xNN` stays unambiguous).
    @inline(__always) static func isPrintable(_ c: UInt8) -> Bool { c >= 0x20 && c < 0x7F && c != UInt8(ascii: "\\") }

    /// Decodes UTF-8 when valid (keeps non-ASCII names readable), else falls back to escaping.
    public static func text(_ a: [UInt8], limit: Int = Limits.default.maxLogStringBytes) -> String {
        a.withUnsafeBytes { text($0, limit: limit) }
    }

    /// The same for borrowed bytes, without copying them into an array first.
    public static func text(_ b: UnsafeRawBufferPointer, limit: Int = Limits.default.maxLogStringBytes) -> String {
        if b.count <= limit {
            // Printable ASCII (names, models, versions: nearly every value) is valid UTF-8 as
            // it stands.
            var ascii = true
            for c in b where !isPrintable(c) {
                ascii = false
                break
            }
            if ascii { return String(decoding: b, as: UTF8.self) }
            if b.allSatisfy({ $0 >= 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "\\") }), let s = String(validating: b, as: UTF8.self) {
                return s
            }
        }
        return escaped(b, limit: limit)
    }
}
