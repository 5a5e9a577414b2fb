import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Writes CoAP events as coap.log: Vigil's own schema in Zeek's naming style (docs/LOGS.md),
/// one row per message.
final class CoAPLogWriter {
    static let schema = LogSchema(
        path: "coap",
        fields: LogSchema.connectionFields + [
            LogField("is_orig", "bool"), LogField("msg_type", "string"), LogField("code", "string"), LogField("method", "string"),
            LogField("status", "string"), LogField("message_id", "count"), LogField("token", "string"), LogField("uri_host", "string"),
            LogField("uri_port", "count"), LogField("uri_path", "string"), LogField("uri_query", "string"),
            LogField("content_format", "count"), LogField("observe", "count"), LogField("block1", "string"),
            LogField("block2", "string"), LogField("payload_len", "count"),
        ])

    private var text = FlowTextCache()

    func write(_ m: CoAPMessageEvent, to router: EventRouter) {
        let flow = text.fieldText(m.flow)
        let method = m.codeClass == 0 ? CoAPMessage.method(m.codeDetail) : nil
        router.log(Self.schema) { row in
            row.connection(ts: m.ts, flow)
            // Typed adders rather than values and Strings: one row per message.
            row.add(bool: m.isOrig)
            row.add(name: CoAPMessage.types[Int(m.type & 3)])
            CoAPMessage.withCodeText(codeClass: m.codeClass, codeDetail: m.codeDetail) { row.add(plainText: $0) }
            row.add(optionalName: method)
            if m.codeClass >= 2 {
                // An unknown response code is logged as its number alone.
                let name = CoAPMessage.response(UInt16(m.codeClass) << 8 | UInt16(m.codeDetail))
                CoAPMessage.withCodeText(codeClass: m.codeClass, codeDetail: m.codeDetail, then: name) { row.add(plainText: $0) }
            } else {
                row.addUnset()
            }
            row.add(count: UInt64(m.messageID))
            m.token.withUnsafeBytes { row.add(hexDigitsOf: $0, emptyIsUnset: true) }
            if let host = m.uriHost { row.add(string: host) } else { row.addUnset() }
            row.add(optionalCount: m.uriPort)
            if m.uriPath.isEmpty { row.addUnset() } else { row.add(string: "/" + m.uriPath.joined(separator: "/")) }
            if m.uriQuery.isEmpty { row.addUnset() } else { row.add(string: m.uriQuery.joined(separator: "&")) }
            row.add(optionalCount: m.contentFormat)
            row.add(optionalCount: m.observe)
            if let b = m.block1 { row.add(string: CoAPMessage.block(b)) } else { row.addUnset() }
            if let b = m.block2 { row.add(string: CoAPMessage.block(b)) } else { row.addUnset() }
            row.add(count: UInt64(m.payloadLength))
        }
    }
}
