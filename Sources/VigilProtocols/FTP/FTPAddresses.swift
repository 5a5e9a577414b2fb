import VigilCore

/// The data-connection addresses FTP commands and replies carry, read as Zeek's
/// ftp/utils and its bifs read them.
enum FTPAddresses {
    /// PORT's `h1,h2,h3,h4,p1,p2` (RFC 959 §4.1.2), each a number up to 255.
    static func port(_ s: String) -> (IPAddress, UInt16)? {
        let parts = s.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 6, parts.allSatisfy({ $0 != nil && $0! >= 0 && $0! <= 255 }) else { return nil }
        let n = parts.map { $0! }
        let host = IPAddress.v4(UInt32(n[0]) << 24 | UInt32(n[1]) << 16 | UInt32(n[2]) << 8 | UInt32(n[3]))
        return (host, UInt16(n[4] << 8 | n[5]))
    }

    /// A 227 reply's six numbers: the first run of digits and commas holding five commas
    /// (RFC 959 leaves the reply's wording free; most servers put them in parentheses).
    static func passive(_ s: String) -> (IPAddress, UInt16)? {
        var run = ""
        for ch in s + " " {
            if ch.isASCII && (ch.isNumber || ch == ",") {
                run.append(ch)
            } else {
                if run.filter({ $0 == "," }).count == 5, let r = port(run) { return r }
                run = ""
            }
        }
        return nil
    }

    /// EPRT's `|1|132.235.1.2|6275|` (RFC 2428 §2): a delimiter, the address family, the
    /// address and the port.
    static func extendedPort(_ s: String) -> (IPAddress, UInt16)? {
        guard let d = s.first else { return nil }
        let f = s.split(separator: d, omittingEmptySubsequences: false)
        guard f.count >= 4, let host = IPAddress(parsing: String(f[2])), let port = UInt16(f[3]) else { return nil }
        return (host, port)
    }

    /// A 229 reply's `(|||6446|)` (RFC 2428 §3): the port, on the server's own address.
    static func extendedPassive(_ s: String, server: IPAddress) -> (IPAddress, UInt16)? {
        guard let open = s.firstIndex(of: "("), let close = s[open...].firstIndex(of: ")") else { return nil }
        let inner = s[s.index(after: open)..<close]
        guard let d = inner.first else { return nil }
        let f = inner.split(separator: d, omittingEmptySubsequences: false)
        guard f.count >= 4, let port = UInt16(f[3]) else { return nil }
        return (server, port)
    }

    /// The last number in a reply's text, 0 when it has none (Zeek's extract_count with
    /// get_first false: `150 Opening data connection for f (1234 bytes)`).
    static func lastNumber(_ s: String) -> Int {
        var last = 0
        var run = ""
        for ch in s + " " {
            if ch.isASCII && ch.isNumber {
                run.append(ch)
            } else if !run.isEmpty {
                last = Int(run.suffix(18)) ?? 0
                run = ""
            }
        }
        return last
    }
}
