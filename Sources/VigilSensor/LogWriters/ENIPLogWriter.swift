import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Writes EtherNet/IP events as ICSNPP-enip's logs (enip, cip, cip_io, cip_identity), with
/// the direction block of its current version.
final class ENIPLogWriter {
    static let enip = LogSchema(
        path: "enip",
        fields: LogSchema.directionalFields + [
            LogField("enip_command_code", "string"), LogField("enip_command", "string"), LogField("length", "count"),
            LogField("session_handle", "string"), LogField("enip_status", "string"), LogField("sender_context", "string"),
            LogField("options", "string"),
        ])

    static let cip = LogSchema(
        path: "cip",
        fields: LogSchema.directionalFields + [
            LogField("cip_sequence_count", "count"), LogField("direction", "string"), LogField("cip_service_code", "string"),
            LogField("cip_service", "string"), LogField("cip_status_code", "string"), LogField("cip_status", "string"),
            LogField("cip_extended_status_code", "string"), LogField("cip_extended_status", "string"), LogField("class_id", "string"),
            LogField("class_name", "string"), LogField("instance_id", "string"), LogField("attribute_id", "string"),
        ])

    static let io = LogSchema(
        path: "cip_io",
        fields: LogSchema.directionalFields + [
            LogField("connection_id", "string"), LogField("sequence_number", "count"), LogField("data_length", "count"),
            LogField("io_data", "string"),
        ])

    static let identity = LogSchema(
        path: "cip_identity",
        fields: LogSchema.directionalFields + [
            LogField("encapsulation_version", "count"), LogField("socket_address", "addr"), LogField("socket_port", "count"),
            LogField("vendor_id", "count"), LogField("vendor_name", "string"), LogField("device_type_id", "count"),
            LogField("device_type_name", "string"), LogField("product_code", "count"), LogField("revision", "string"),
            LogField("device_status", "string"), LogField("serial_number", "string"), LogField("product_name", "string"),
            LogField("device_state", "string"),
        ])

    private var text = FlowTextCache()

    func write(_ e: ENIPEvent, to router: EventRouter) {
        let flow = text.fieldText(e.flow)
        func row(_ schema: LogSchema, _ fields: (inout LogRow) -> Void) { router.log(schema, for: e, flow, fields) }
        switch e.message {
        case .encapsulation(let command, let length, let session, let status, let senderContext, let options):
            row(Self.enip) { row in
                row.add(hex: UInt64(command), minimumWidth: 2)
                row.add(.string(ENIPNames.commands[command] ?? "unknown"))
                row.add(.count(length))
                row.add(hex: UInt64(session), minimumWidth: 8)
                row.add(.string(ENIPNames.status(status)))
                row.add(hex: senderContext, minimumWidth: 16)
                row.add(hex: UInt64(options), minimumWidth: 8)
            }
        case .cip(let sequence, let isResponse, let service, let status, let extended, let classID, let instanceID, let attributeID):
            row(Self.cip) { row in
                row.add(sequence.flatMap { $0 == 0 ? nil : LogValue.count($0) } ?? .unset)
                row.add(.name(isResponse ? "response" : "request"))
                row.add(hex: UInt64(service), minimumWidth: 2)
                row.add(.string(ENIPNames.services[service] ?? "unknown"))
                if isResponse {
                    row.add(hex: UInt64(status), minimumWidth: 2)
                    row.add(.string(ENIPNames.cipStatus(status)))
                    if let extended {
                        row.add(hex: UInt64(extended), minimumWidth: 4)
                        row.add(.string("Extended Status-\(Hex.zeek(UInt64(extended), minimumWidth: 4))"))
                    } else {
                        row.add(.unset)
                        row.add(.unset)
                    }
                    for _ in 0..<4 { row.add(.unset) }
                } else {
                    for _ in 0..<4 { row.add(.unset) }
                    row.add(optionalHex: classID, minimumWidth: 2)
                    row.add(classID.map { .string(ENIPNames.classes[$0] ?? "unknown") } ?? .unset)
                    row.add(optionalHex: instanceID, minimumWidth: 2)
                    row.add(optionalHex: attributeID, minimumWidth: 2)
                }
            }
        case .io(let connection, let sequence, let data):
            row(Self.io) { row in
                row.add(hex: UInt64(connection), minimumWidth: 8)
                row.add(.count(sequence))
                row.add(.count(data.count))
                data.withUnsafeBytes { row.add(hexDigitsOf: $0) }
            }
        case .identity(let i, let name):
            row(Self.identity) { row in
                row.add(contentsOf: [
                    .count(i.encapsulationVersion), .addr(.v4(i.socketAddress)), .count(i.socketPort), .count(i.vendorID),
                    .string(NumberedNames.cipVendors[UInt32(i.vendorID)] ?? "Unknown"), .count(i.deviceType),
                    .string(NumberedNames.cipDeviceTypes[UInt32(i.deviceType)] ?? "Unknown"), .count(i.productCode),
                    .string("\(i.revisionMajor).\(i.revisionMinor)"), .string(Hex.zeek(UInt64(i.status), minimumWidth: 4)),
                    .string(Hex.zeek(UInt64(i.serial), minimumWidth: 8)), .string(name),
                    i.state.map { .string(Hex.zeek(UInt64($0), minimumWidth: 4)) } ?? .unset,
                ])
            }
        }
    }
}
