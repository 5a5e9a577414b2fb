import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Writes HTTP events as Zeek 7's http.log (base/protocols/http/main.zeek): one row per
/// request/response pair.
final class HTTPLogWriter {
    static let schema = LogSchema(
        path: "http",
        fields: LogSchema.connectionFields + [
            LogField("trans_depth", "count"), LogField("method", "string"), LogField("host", "string"), LogField("uri", "string"),
            LogField("referrer", "string"), LogField("version", "string"), LogField("user_agent", "string"),
            LogField("origin", "string"), LogField("request_body_len", "count"), LogField("response_body_len", "count"),
            LogField("status_code", "count"), LogField("status_msg", "string"), LogField("info_code", "count"),
            LogField("info_msg", "string"), LogField("tags", "set[enum]"), LogField("username", "string"),
            LogField("password", "string"), LogField("proxied", "set[string]"), LogField("orig_fuids", "vector[string]"),
            LogField("orig_filenames", "vector[string]"), LogField("orig_mime_types", "vector[string]"),
            LogField("resp_fuids", "vector[string]"), LogField("resp_filenames", "vector[string]"),
            LogField("resp_mime_types", "vector[string]"),
        ])

    /// Headers Zeek's `proxied` field collects (base/protocols/http/main.zeek, proxy_headers).
    static let proxyHeaders = [
        "Forwarded", "X-Forwarded-For", "X-Forwarded-From", "X-Client-IP", "X-Real-IP", "Via", "Client-IP", "Proxy-Connection",
    ]

    /// Zeek's HTTP::max_files_orig and max_files_resp: at most this many files of one
    /// request, or one response, are named in its row (files.log has them all).
    static let maxFilesNamed = 15

    private var text = FlowTextCache()

    /// The fuids, file names and sniffed types of a message's files, as Zeek's http/files.zeek
    /// collects them: names and types only for files that have them; unset when none.
    static func fileFields(_ files: [FileReference]) -> [LogValue] {
        let named = files.prefix(maxFilesNamed)
        func list(_ items: [String]) -> LogValue { items.isEmpty ? .unset : .strings(items) }
        return [list(named.map(\.fuid)), list(named.compactMap(\.filename)), list(named.compactMap(\.mimeType))]
    }

    func write(_ t: HTTPTransactionEvent, to router: EventRouter) {
        let req = t.request
        // Zeek's http_reply sets version and status from every reply, interim ones too, so the
        // last reply's are logged; without a reply (HTTP/0.9, a server that is not HTTP) both
        // stay unset.
        let resp = t.lastResponse
        let version = resp?.startLine.first.map { String($0.dropFirst(5)) }
        let info = t.informational
        var username: String?
        if let auth = req?.header("Authorization"), auth.lowercased().hasPrefix("basic "),
            let decoded = Base64.decode(String(auth.dropFirst(6))), let colon = decoded.firstIndex(of: UInt8(ascii: ":"))
        {
            username = BytesText.text(Array(decoded[..<colon]))
        }
        var proxied: [String] = []
        for h in Self.proxyHeaders {
            for v in req?.headers(h) ?? [] { proxied.append("\(h.uppercased()) -> \(v)") }
        }
        let values: [LogValue] =
            [
                .count(t.depth), .optional(req?.startLine.first), .optional(req?.header("Host")),
                .optional(req.flatMap { $0.startLine.count > 1 ? $0.startLine[1] : nil }), .optional(req?.header("Referer")),
                .optional(version), .optional(req?.header("User-Agent")), .optional(req?.header("Origin")),
                .count(t.requestBodyLength), .count(t.responseBodyLength),
                .optional(resp?.statusCode), .optional(resp?.reason), .optional(info?.statusCode), .optional(info?.reason),
                .strings([]), .optional(username), .unset, proxied.isEmpty ? .unset : .strings(proxied),
            ] + Self.fileFields(t.requestFiles) + Self.fileFields(t.responseFiles)
        let flow = text.fieldText(t.flow)
        router.log(Self.schema) { row in
            row.connection(ts: t.ts, flow)
            row.add(contentsOf: values)
        }
    }
}
