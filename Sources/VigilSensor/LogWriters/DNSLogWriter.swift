import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Writes DNS events as Zeek 7's dns.log (base/protocols/dns/main.zeek): one row per query,
/// completed by its reply.
final class DNSLogWriter {
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

    private var text = FlowTextCache()

    func write(_ e: DNSTransactionEvent, to router: EventRouter) {
        guard let base = e.query ?? e.response else { return }
        let q = e.response?.questions.first ?? base.questions.first
        var values: [LogValue] = [
            .string(e.flow.id.proto == .tcp ? "tcp" : "udp"), .count(base.id), e.rtt.map { .interval($0) } ?? .unset,
            .optional(q?.name), .optional(q?.klass), .optional(q.map { DNSNames.klass($0.klass) }),
            .optional(q?.type), .optional(q.map { DNSNames.type($0.type) }),
        ]
        if let r = e.response {
            values += [.count(r.rcode), .string(DNSNames.rcode(r.rcode)), .bool(r.aa), .bool(r.tc), .bool(r.rd), .bool(r.ra), .count(r.z)]
            values +=
                r.answers.isEmpty
                ? [.unset, .unset] : [.strings(r.answers.map(\.text)), .intervals(r.answers.map { Int64($0.ttl) * 1_000_000_000 })]
            values.append(.bool(r.rcode == 5))
        } else {
            values += [
                .unset, .unset, .bool(false), .bool(false), .bool(base.rd), .bool(false), .count(base.z), .unset, .unset, .bool(false),
            ]
        }
        let flow = text.fieldText(e.flow)
        router.log(Self.schema) { row in
            row.connection(ts: e.ts, flow)
            row.add(contentsOf: values)
        }
    }
}
