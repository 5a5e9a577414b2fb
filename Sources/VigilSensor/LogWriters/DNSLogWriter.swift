import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Writes DNS events as Zeek 7's dns.log (base/protocols/dns/main.zeek): one row per query,
/// completed by its reply. Which message fills which field follows Zeek's events: the query
/// (dns_request) gives the question, RD, TC and Z; the reply's answers (do_reply) give AA, RA,
/// the round trip and the answers, so a reply without answers leaves AA and RA false and rtt
/// unset; the last message gives the opcode.
final class DNSLogWriter {
    static let schema = LogSchema(
        path: "dns",
        fields: LogSchema.connectionFields + [
            LogField("proto", "enum"), LogField("trans_id", "count"), LogField("rtt", "interval"), LogField("query", "string"),
            LogField("qclass", "count"), LogField("qclass_name", "string"), LogField("qtype", "count"),
            LogField("qtype_name", "string"), LogField("rcode", "count"), LogField("rcode_name", "string"),
            LogField("AA", "bool"), LogField("TC", "bool"), LogField("RD", "bool"), LogField("RA", "bool"),
            LogField("Z", "count"), LogField("answers", "vector[string]"), LogField("TTLs", "vector[interval]"),
            LogField("rejected", "bool"), LogField("opcode", "count"), LogField("opcode_name", "string"),
        ])

    /// Opcodes Zeek's scripts log (query, notify, dynamic update); others are skipped.
    static let loggedOpcodes: Set<UInt8> = [0, 4, 5]

    private var text = FlowTextCache()

    func write(_ e: DNSTransactionEvent, to router: EventRouter) {
        guard let last = e.response ?? e.query, Self.loggedOpcodes.contains(last.opcode) else { return }
        let query = e.query
        let question = query?.questions.first
        // The answers Zeek's scripts log (do_reply), in order; WKS counts with no text.
        let logged = e.response?.answers.filter { $0.text != nil } ?? []
        let shown = logged.filter { $0.text?.isEmpty == false }
        let name = (question?.name ?? logged.first?.name).map(Self.lowercased)
        var rtt: Int64?
        if !logged.isEmpty, let r = e.rtt, r != 0 { rtt = r }
        var values: [LogValue] = [
            .string(e.flow.id.proto == .tcp ? "tcp" : "udp"), .count(last.id), rtt.map { .interval($0) } ?? .unset,
            .optional(name), .optional(question?.klass), .optional(question.map { DNSNames.klass($0.klass) }),
            .optional(question?.type), .optional(question.map { DNSNames.type($0.type) }),
        ]
        if let r = e.response {
            values += [.count(r.rcode), .string(DNSNames.rcode(r.rcode))]
        } else {
            values += [.unset, .unset]
        }
        // AA and RA come from a reply with answers Zeek logs, else they are false.
        let answering = logged.isEmpty ? nil : e.response
        values += [
            .bool(answering?.aa ?? false), .bool(query?.tc ?? false), .bool(query?.rd ?? false), .bool(answering?.ra ?? false),
            .count(query?.z ?? 0),
        ]
        values +=
            shown.isEmpty
            ? [.unset, .unset]
            : [.strings(shown.map(Self.answerText)), .intervals(shown.map { Int64($0.ttl) * 1_000_000_000 })]
        values.append(.bool(e.response.map(Self.isRejected) ?? false))
        values += [.count(last.opcode), .string(DNSNames.opcode(last.opcode))]
        let flow = text.fieldText(e.flow)
        router.log(Self.schema) { row in
            row.connection(ts: e.ts, flow)
            row.add(contentsOf: values)
        }
    }

    /// Record types whose logged text is a domain name (RRSIG's and NSEC's names are
    /// lowercased where they are rendered).
    static let nameTypes: Set<UInt16> = [2, 5, 6, 12, 15, 33, 39]

    static func lowercased(_ name: String) -> String { DNSNames.lowercased(name) }

    static func answerText(_ a: DNSMessage.Answer) -> String {
        nameTypes.contains(a.type) ? lowercased(a.text ?? "") : a.text ?? ""
    }

    /// Zeek's `rejected`: a reply that asks a question but carries no record at all (its
    /// dns_rejected event), or an error with no question.
    static func isRejected(_ r: DNSMessage) -> Bool {
        if !r.questions.isEmpty { return r.answers.isEmpty && r.authorityCount == 0 && r.additionalCount == 0 }
        return r.rcode != 0
    }
}
