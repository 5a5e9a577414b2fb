/// How one mail protocol asks for TLS and how its server answers.
struct StartTLSDialect: Sendable {
    /// Zeek's analyzer name, conn.log's service.
    let service: String
    /// The client line that asks for TLS: the tag the answer must carry ("" for untagged
    /// protocols), or nil for any other line.
    let request: @Sendable (_ line: String) -> String?
    /// The server line that answers the request with `tag`: true when TLS starts, false when
    /// it is refused, nil for a line that is not the answer (untagged data, a continuation).
    let answer: @Sendable (_ line: String, _ tag: String) -> Bool?

    /// IMAP (RFC 3501 §6.2.1): `a1 STARTTLS`, answered by `a1 OK` (or NO, BAD) with the same tag.
    static let imap = StartTLSDialect(
        service: "imap",
        request: { line in
            let words = line.split(separator: " ")
            return words.count == 2 && words[1].uppercased() == "STARTTLS" ? String(words[0]) : nil
        },
        answer: { line, tag in
            let words = line.split(separator: " ", maxSplits: 2)
            guard words.count >= 2, words[0] == tag else { return nil }
            return words[1].uppercased() == "OK"
        })

    /// POP3 (RFC 2595 §4): `STLS`, answered by `+OK` or `-ERR`.
    static let pop3 = StartTLSDialect(
        service: "pop3",
        request: { $0.uppercased() == "STLS" ? "" : nil },
        answer: { line, _ in line.hasPrefix("+OK") ? true : line.hasPrefix("-ERR") ? false : nil })

    /// SMTP (RFC 3207 §4): `STARTTLS`, answered by 220 (454 or 5xx refuse); a reply line with
    /// "-" after its code is continued by the next (RFC 5321 §4.2.1).
    static let smtp = StartTLSDialect(
        service: "smtp",
        request: { $0.uppercased() == "STARTTLS" ? "" : nil },
        answer: { line, _ in
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, bytes[0..<3].allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            if bytes.count > 3 && bytes[3] == UInt8(ascii: "-") { return nil }
            if bytes[0] == UInt8(ascii: "2") { return line.hasPrefix("220") }
            return bytes[0] == UInt8(ascii: "4") || bytes[0] == UInt8(ascii: "5") ? false : nil
        })
}
