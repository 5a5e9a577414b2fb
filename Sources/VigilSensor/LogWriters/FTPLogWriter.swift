import VigilCore
import VigilEvents
import VigilLogs

/// Writes ftp.log as Zeek 7 does (base/protocols/ftp/main.zeek and info.zeek): one row per
/// logged command with the reply that answered it.
final class FTPLogWriter {
    static let schema = LogSchema(
        path: "ftp",
        fields: LogSchema.connectionFields + [
            LogField("user", "string"), LogField("password", "string"), LogField("command", "string"), LogField("arg", "string"),
            LogField("mime_type", "string"), LogField("file_size", "count"), LogField("reply_code", "count"),
            LogField("reply_msg", "string"), LogField("data_channel.passive", "bool"), LogField("data_channel.orig_h", "addr"),
            LogField("data_channel.resp_h", "addr"), LogField("data_channel.resp_p", "port"), LogField("fuid", "string"),
        ])

    private var text = FlowTextCache()

    func write(_ e: FTPCommandEvent, to router: EventRouter) {
        let d = e.dataChannel
        let values: [LogValue] = [
            .string(e.user), .optional(e.password), .string(e.command), .optional(e.arg),
            .optional(e.mimeType), e.fileSize.map { .count($0) } ?? .unset, e.replyCode.map { .count($0) } ?? .unset,
            .optional(e.replyMessage),
            d.map { .bool($0.passive) } ?? .unset, d.map { .addr($0.origHost) } ?? .unset, d.map { .addr($0.respHost) } ?? .unset,
            d.map { .port($0.respPort) } ?? .unset, .optional(e.fuid),
        ]
        let flow = text.fieldText(e.flow)
        router.log(Self.schema) { row in
            row.connection(ts: e.ts, flow)
            row.add(contentsOf: values)
        }
    }
}
