import VigilCore

/// Zeek 7's dns.log (base/protocols/dns/main.zeek): one row per query, completed by its reply.
enum DNSLog {
    static let schema = LogSchema(
        path: "dns",
        fields: LogSchema.connectionFields + [
            LogField("proto", "enum"), LogField("trans_id", "count"), LogField("rtt", "interval"), LogField("query", "string"),
            LogField("qclass", "count"), LogField("qclass_name", "string"), LogField("qtype", "count"),
            LogField("qtype_name", "string"), LogField("rcode", "count"), LogField("rcode_name", "string"),
            LogField("AA", "bool"), LogField("TC", "bool"), LogField("RD", "bool"), LogField("RA", "bool"),
            LogField("Z", "count"), LogField("answers", "vector[string]"), LogField("TTLs", "vector[interval]"),
            LogField("rejected", "bool"),
        ])
}
