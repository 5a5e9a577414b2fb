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
}
