import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Writes S7 events as ICSNPP-s7comm's logs (cotp, s7comm, s7comm_read_szl,
/// s7comm_upload_download, s7comm_plus, s7comm_known_devices), with the direction block its
/// current version writes. s7comm_known_devices carries Vigil's extra identity fields after
/// ICSNPP's four.
final class S7LogWriter {
    static let cotp = LogSchema(
        path: "cotp", fields: LogSchema.directionalFields + [LogField("pdu_code", "string"), LogField("pdu_name", "string")])

    static let s7comm = LogSchema(
        path: "s7comm",
        fields: LogSchema.directionalFields + [
            LogField("rosctr_code", "count"), LogField("rosctr_name", "string"), LogField("pdu_reference", "count"),
            LogField("function_code", "string"), LogField("function_name", "string"), LogField("subfunction_code", "string"),
            LogField("subfunction_name", "string"), LogField("error_class", "string"), LogField("error_code", "string"),
        ])

    static let readSZL = LogSchema(
        path: "s7comm_read_szl",
        fields: LogSchema.directionalFields + [
            LogField("pdu_reference", "count"), LogField("method", "string"), LogField("szl_id", "string"),
            LogField("szl_id_name", "string"), LogField("szl_index", "string"), LogField("return_code", "string"),
            LogField("return_code_name", "string"),
        ])

    static let uploadDownload = LogSchema(
        path: "s7comm_upload_download",
        fields: LogSchema.directionalFields + [
            LogField("rosctr", "string"), LogField("pdu_reference", "count"), LogField("function_name", "string"),
            LogField("function_status", "string"), LogField("session_id", "count"), LogField("blocklength", "count"),
            LogField("filename", "string"), LogField("block_type", "string"), LogField("block_number", "string"),
            LogField("destination_filesystem", "string"),
        ])

    static let plus = LogSchema(
        path: "s7comm_plus",
        fields: LogSchema.directionalFields + [
            LogField("version", "count"), LogField("opcode", "string"), LogField("opcode_name", "string"),
            LogField("function_code", "string"), LogField("function_name", "string"),
        ])

    /// Vigil's own: one row per item of a Read Var or Write Var job and of the CPU's answer
    /// (ICSNPP-s7comm logs each in s7comm.log only), so that where a client reads and writes,
    /// and the values read, can be seen.
    static let variables = LogSchema(
        path: "s7comm_variables",
        fields: LogSchema.directionalFields + [
            LogField("pdu_reference", "count"), LogField("function_name", "string"), LogField("item", "count"),
            LogField("syntax_id", "string"), LogField("area", "string"), LogField("db_number", "count"),
            LogField("address", "count"), LogField("bit", "count"), LogField("transport_size", "string"), LogField("count", "count"),
            LogField("return_code", "string"), LogField("data", "string"),
        ])

    static let knownDevices = LogSchema(
        path: "s7comm_known_devices",
        fields: LogSchema.directionalFields + [
            LogField("automation_system_name", "string"), LogField("module_name", "string"), LogField("plant_name", "string"),
            LogField("module_serial", "string"), LogField("module_type_name", "string"), LogField("order_number", "string"),
            LogField("firmware_version", "string"), LogField("copyright", "string"),
        ])

    private var text = FlowTextCache()

    func write(_ e: S7Event, to router: EventRouter) {
        let flow = text.fieldText(e.flow)
        func row(_ schema: LogSchema, _ values: [LogValue]) { router.log(schema, for: e, flow) { $0.add(contentsOf: values) } }
        switch e.message {
        case .cotp(let type):
            row(Self.cotp, [.string(Hex.zeek(UInt64(type), minimumWidth: 2)), .string(S7Names.cotp(type))])
        case .s7comm(let rosctr, let reference, let function, let subfunction, let service, let errorClass, let errorCode):
            var functionCode = LogValue.unset
            var functionName = LogValue.unset
            var subCode = LogValue.unset
            var subName = LogValue.unset
            if let f = function {
                functionCode = .string(Hex.zeek(UInt64(f), minimumWidth: 2))
                functionName = .string(rosctr == 7 ? S7Names.userDataFunction(f) : S7Names.functions[f] ?? "unknown")
            }
            if rosctr == 7, let s = subfunction, let f = function {
                subCode = .string(Hex.zeek(UInt64(s), minimumWidth: 2))
                subName = .optional(S7Names.subfunction(group: f & 0x0F, s))
            }
            if rosctr == 1, function == 0x28, let service {
                subCode = .string(service)
                subName = .string(S7Names.plcControlServices[service] ?? "Unknown")
            }
            var errorClassText = LogValue.unset
            var errorCodeText = LogValue.unset
            if let c = errorClass, let code = errorCode {
                errorCodeText = .string(Hex.zeek(UInt64(code), minimumWidth: 2))
                errorClassText = .string(c != 0xFE ? S7Names.errorClass(c) : code == 0 ? "No error" : "Parameter Error")
            }
            row(
                Self.s7comm,
                [
                    .count(rosctr), .string(S7Names.rosctr[rosctr] ?? "unknown"), .count(reference), functionCode, functionName,
                    subCode, subName, errorClassText, errorCodeText,
                ])
        case .readSZL(let reference, let method, let id, let index, let returnCode):
            row(
                Self.readSZL,
                [
                    .count(reference), .string(S7Names.methods[method] ?? "Unknown"), .string(Hex.zeek(UInt64(id), minimumWidth: 4)),
                    .string(S7Names.szlLists[UInt8(id & 0xFF)] ?? "Unknown"), .string(Hex.zeek(UInt64(index), minimumWidth: 4)),
                    returnCode.map { .string(Hex.zeek(UInt64($0), minimumWidth: 2)) } ?? .unset,
                    returnCode.map { .string(S7Names.returnCodes[$0] ?? "Unknown") } ?? .unset,
                ])
        case .blockTransfer(let rosctr, let reference, let function, let status, let session, let length, let filename):
            var blockType = LogValue.unset
            var blockNumber = LogValue.unset
            var filesystem = LogValue.unset
            if let name = filename, !name.isEmpty {
                // Block file names: "_" type(2) number(5) filesystem(1), e.g. _0B00000A.
                let chars = Array(name)
                if chars.count >= 9 {
                    let type = String(chars[1..<3])
                    blockType = .string(S7Names.blockTypes[type] ?? "Unknown")
                    blockNumber = .string(String(chars[3..<8]))
                    filesystem = .string(S7Names.filesystems[String(chars[8])] ?? "Unknown")
                }
            }
            row(
                Self.uploadDownload,
                [
                    .string(S7Names.rosctr[rosctr] ?? "unknown"), .count(reference), .string(S7Names.functions[function] ?? "unknown"),
                    status.map { .string(Hex.zeek(UInt64($0), minimumWidth: 2)) } ?? .unset, .optional(session), .optional(length),
                    filename.flatMap { $0.isEmpty ? nil : LogValue.string($0) } ?? .unset, blockType, blockNumber, filesystem,
                ])
        case .variables(_, let reference, let function, let items):
            let functionName = LogValue.string(S7Names.functions[function] ?? "unknown")
            for (n, item) in items.enumerated() {
                let isS7Any = item.syntaxID == 0x10
                row(
                    Self.variables,
                    [
                        .count(reference), functionName, .count(n + 1), item.syntaxID.map { .string(S7Names.syntaxID($0)) } ?? .unset,
                        item.area.map { .string(S7Names.area($0)) } ?? .unset,
                        isS7Any && (item.area == 0x84 || item.area == 0x85) ? .optional(item.db) : .unset, .optional(item.byteAddress),
                        .optional(item.bitAddress), item.transportSize.map { .string(S7Names.transportSize($0)) } ?? .unset,
                        .optional(item.count), item.returnCode.map { .string(S7Names.itemReturnCode($0)) } ?? .unset,
                        item.data.map { .string(Hex.string($0)) } ?? .unset,
                    ])
            }
        case .s7commPlus(let version, let opcode, let function):
            let opcodeText = Hex.zeek(UInt64(opcode), minimumWidth: 2)
            row(
                Self.plus,
                [
                    .count(version), .string(opcodeText),
                    .string(S7Names.plusOpcodes[opcode] ?? "Unknown s7comm-plus opcode-\(opcodeText)"),
                    function.map { .string(Hex.zeek(UInt64($0), minimumWidth: 4)) } ?? .unset,
                    function.map {
                        .string(S7Names.plusFunctions[$0] ?? "Unknown s7comm-plus function-\(Hex.zeek(UInt64($0), minimumWidth: 4))")
                    } ?? .unset,
                ])
        case .device(let i):
            row(
                Self.knownDevices,
                [
                    .optional(i.automationSystemName), .optional(i.moduleName), .optional(i.plantName), .optional(i.serial),
                    .optional(i.moduleTypeName), .optional(i.orderNumber), .optional(i.firmware), .optional(i.copyright),
                ])
        }
    }
}
