import VigilCore
import VigilEvents
import VigilLogs

/// Writes smtp.log as Zeek 7 does (base/protocols/smtp/main.zeek, files.zeek and
/// software.zeek): one row per mail transaction.
final class SMTPLogWriter {
    static let schema = LogSchema(
        path: "smtp",
        fields: LogSchema.connectionFields + [
            LogField("trans_depth", "count"), LogField("helo", "string"), LogField("mailfrom", "string"),
            LogField("rcptto", "set[string]"), LogField("date", "string"), LogField("from", "string"), LogField("to", "set[string]"),
            LogField("cc", "set[string]"), LogField("reply_to", "string"), LogField("msg_id", "string"),
            LogField("in_reply_to", "string"), LogField("subject", "string"), LogField("x_originating_ip", "addr"),
            LogField("first_received", "string"), LogField("second_received", "string"), LogField("last_reply", "string"),
            LogField("path", "vector[addr]"), LogField("user_agent", "string"), LogField("tls", "bool"),
            LogField("fuids", "vector[string]"), LogField("is_webmail", "bool"),
        ])

    /// The user agents Zeek's software.zeek calls webmail (SMTP::webmail_user_agents).
    static func isWebmail(_ agent: String?) -> Bool {
        guard let a = agent else { return false }
        return a.hasPrefix("iPlanet Messenger") || a.hasPrefix("Sun Java(tm) System Messenger Express") || a.contains("(IMP)")
            || a.hasPrefix("SquirrelMail") || a.hasPrefix("NeoMail") || a.contains("ZimbraWebClient")
    }

    private var text = FlowTextCache()

    func write(_ e: SMTPTransactionEvent, to router: EventRouter) {
        let h = e.headers
        func set(_ items: [String]) -> LogValue { items.isEmpty ? .unset : .strings(items) }
        let values: [LogValue] = [
            .count(e.depth), .optional(e.helo), .optional(e.mailFrom), set(e.rcptTo), .optional(h.date), .optional(h.from),
            set(h.to), set(h.cc), .optional(h.replyTo), .optional(h.messageID), .optional(h.inReplyTo), .optional(h.subject),
            h.xOriginatingIP.map { .addr($0) } ?? .unset, .optional(h.firstReceived), .optional(h.secondReceived),
            .optional(e.lastReply), .strings(e.path.map(\.description)), .optional(h.userAgent), .bool(e.tls),
            set(e.files.map(\.fuid)), .bool(Self.isWebmail(h.userAgent)),
        ]
        let flow = text.fieldText(e.flow)
        router.log(Self.schema) { row in
            row.connection(ts: e.ts, flow)
            row.add(contentsOf: values)
        }
    }
}
