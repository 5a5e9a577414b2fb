import VigilCore
import VigilEvents
import VigilLogs

/// Writes syslog.log as Zeek does (base/protocols/syslog/main.zeek): one row per message,
/// facility and severity by the names in Zeek's consts.zeek.
final class SyslogLogWriter {
    static let schema = LogSchema(
        path: "syslog",
        fields: LogSchema.connectionFields + [
            LogField("proto", "enum"), LogField("facility", "string"), LogField("severity", "string"),
            LogField("message", "string"),
        ])

    /// RFC 5424 §6.2.1 table 1, as Zeek names the facilities (Syslog::facility_codes).
    static let facilities = [
        "KERN", "USER", "MAIL", "DAEMON", "AUTH", "SYSLOG", "LPR", "NEWS", "UUCP", "CRON", "AUTHPRIV", "FTP", "NTP", "AUDIT",
        "ALERT", "CLOCK", "LOCAL0", "LOCAL1", "LOCAL2", "LOCAL3", "LOCAL4", "LOCAL5", "LOCAL6", "LOCAL7",
    ]
    /// RFC 5424 §6.2.1 table 2 (Syslog::severity_codes).
    static let severities = ["EMERG", "ALERT", "CRIT", "ERR", "WARNING", "NOTICE", "INFO", "DEBUG"]

    private var text = FlowTextCache()

    func write(_ e: SyslogMessageEvent, to router: EventRouter) {
        let flow = text.fieldText(e.flow)
        router.log(Self.schema) { row in
            row.connection(ts: e.ts, flow)
            row.add(.name("udp"))
            row.add(.string(Self.facilities[e.facility]))
            row.add(.string(Self.severities[e.severity]))
            // Bytes outside printable ASCII as \xNN, as Zeek writes a string of bytes.
            row.add(.string(BytesText.escaped(e.message)))
        }
    }
}
