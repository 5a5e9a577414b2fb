import VigilCore

/// The address pickers Zeek's smtp.log uses (base/utils/email.zeek, base/utils/addrs.zeek),
/// written for the headers and command arguments SMTP carries.
enum SMTPAddresses {
    /// Every e-mail address in `text`, in order: a run without `<`, `>`, `,`, `:`, `;` or
    /// blanks that has an "@" with text on both sides ("MAIL FROM:<ops@city.example> SIZE=1").
    static func emails(_ text: String) -> [String] {
        let separators: Set<Character> = ["<", ">", ",", ":", ";", " ", "\t"]
        return text.split(whereSeparator: { separators.contains($0) }).compactMap { word in
            guard let at = word.firstIndex(of: "@"), at != word.startIndex, word.index(after: at) != word.endIndex else { return nil }
            return String(word)
        }
    }

    /// The comma-separated entries of a To or Cc header, trimmed; commas inside quotes or
    /// angle brackets do not separate ("\"Doe, Jane\" <jane@city.example>").
    static func mailboxes(_ value: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quoted = false
        var angle = 0
        for c in value {
            switch c {
            case "\"": quoted.toggle()
            case "<" where !quoted: angle += 1
            case ">" where !quoted: angle = max(0, angle - 1)
            case "," where !quoted && angle == 0:
                out.append(current)
                current = ""
                continue
            default: break
            }
            current.append(c)
        }
        out.append(current)
        return out.map { $0.trimmed }.filter { !$0.isEmpty }
    }

    /// The IPv4 addresses in `text` written inside brackets or parentheses, as in a Received
    /// header's "from relay (relay.city.example [192.0.2.7])".
    static func wrappedAddresses(_ text: String) -> [IPAddress] {
        var out: [IPAddress] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(where: { $0 == "[" || $0 == "(" }) {
            rest = rest[rest.index(after: open)...]
            let candidate = rest.prefix { $0.isNumber || $0 == "." }
            let after = rest.dropFirst(candidate.count).first
            if after == "]" || after == ")", let a = IPAddress(parsing: String(candidate)) { out.append(a) }
        }
        return out
    }

    /// The address Zeek takes from a Received header: the second wrapped one when there are
    /// several (the first is often the sender's claimed name's), else the first.
    static func receivedFrom(_ value: String) -> IPAddress? {
        let all = wrappedAddresses(value)
        return all.count > 1 ? all[1] : all.first
    }
}
