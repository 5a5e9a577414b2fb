import VigilCore

/// Zeek 7's http.log (base/protocols/http/main.zeek): one row per request/response pair.
enum HTTPLog {
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
}
