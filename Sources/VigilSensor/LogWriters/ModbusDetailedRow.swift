import VigilCore
import VigilEvents
import VigilProtocols

/// One row of ICSNPP-modbus's modbus_detailed.log (scripts/main.zeek, Modbus_Detailed): a
/// request and its response in one row, with the addresses, quantities and values each carried.
/// Which side fills which field follows ICSNPP's event handlers, function by function.
struct ModbusDetailedRow: Equatable {
    var ts: Timestamp
    var transactionID: UInt16
    var unitID: UInt8
    var function: String
    var address: UInt16?
    var quantity: Int?
    var requestValues: [UInt64]?
    var responseValues: [UInt64]?
    var linkNumber: Int?
    /// T for a request and its response; F for one never paired; unset for the functions ICSNPP
    /// logs message by message and for an exception response without its request.
    var matched: Bool?
    var requestSubfunction: String?
    var responseSubfunction: String?
    var requestData: String?
    var responseData: String?
    var exception: String?
    var meiType: String?

    /// The functions ICSNPP pairs (handled_modbus_funct_list); every other function gets a row
    /// per message.
    static let pairedFunctions: Set<UInt8> = [
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x08, 0x0F, 0x10, 0x14, 0x15, 0x16, 0x17, 0x18, 0x2B,
    ]

    /// The rows a transaction makes: one, or for an unpaired function one per message.
    static func rows(_ t: ModbusTransactionEvent) -> [ModbusDetailedRow] {
        let function = t.first.functionCode & 0x7F
        guard pairedFunctions.contains(function) else {
            return [t.request, t.response].compactMap { $0.map(alone) }
        }
        if t.request == nil, let response = t.response, response.isException { return [alone(response)] }
        return [paired(t.request, t.response)]
    }

    /// A message in a row of its own: its function's name, and an exception's code.
    static func alone(_ pdu: ModbusPDUEvent) -> ModbusDetailedRow {
        var row = ModbusDetailedRow(
            ts: pdu.ts, transactionID: pdu.transactionID, unitID: pdu.unitID, function: ModbusNames.function(pdu.functionCode))
        row.exception = exceptionName(pdu)
        return row
    }

    static func exceptionName(_ pdu: ModbusPDUEvent) -> String? {
        guard pdu.isException else { return nil }
        return pdu.exceptionCode.map(ModbusNames.exception) ?? "unknown-0"
    }

    /// A paired function's row, from its request, its response, or both.
    static func paired(_ request: ModbusPDUEvent?, _ reply: ModbusPDUEvent?) -> ModbusDetailedRow {
        let first = request ?? reply!
        var row = ModbusDetailedRow(
            ts: first.ts, transactionID: first.transactionID, unitID: first.unitID,
            function: ModbusNames.function(first.functionCode))
        row.matched = request != nil && reply != nil
        row.exception = reply.flatMap(exceptionName)
        // An exception answers nothing the request asked: only the request's fields are kept.
        let response = reply?.isException == true ? nil : reply
        let counts = { (values: [UInt16]) in values.map(UInt64.init) }
        let bits = { (values: [Bool]) in values.map { UInt64($0 ? 1 : 0) } }
        switch first.functionCode & 0x7F {
        case 0x01, 0x02:
            row.address = request?.address
            row.quantity = request?.quantity.map(Int.init) ?? response?.coils.count
            if let coils = response?.coils {
                // The coils asked for are the values; the bits after them pad the last byte.
                let asked = request?.quantity.map { min(Int($0), coils.count) } ?? coils.count
                row.responseValues = bits(Array(coils[..<asked]))
                if asked < coils.count { row.responseData = bits(Array(coils[asked...])).map(String.init).joined(separator: ",") }
            }
        case 0x03, 0x04:
            row.address = request?.address
            row.quantity = request?.quantity.map(Int.init) ?? response?.registers.count
            row.responseValues = response.map { counts($0.registers) }
        case 0x18:
            row.address = request?.address
            row.quantity = response?.registers.count
            row.responseValues = response.flatMap { $0.registers.isEmpty ? nil : counts($0.registers) }
        case 0x05:
            row.address = response?.address ?? request?.address
            row.quantity = 1
            row.requestValues = request.map { bits($0.coils) }
            row.responseValues = response.map { bits($0.coils) }
        case 0x06:
            row.address = request?.address ?? response?.address
            row.quantity = 1
            row.requestValues = request.map { counts($0.registers) }
            row.responseValues = response.map { counts($0.registers) }
        case 0x0F:
            row.address = request?.address ?? response?.address
            row.quantity = request.map { $0.coils.count } ?? response?.quantity.map(Int.init)
            row.requestValues = request.map { bits($0.coils) }
        case 0x10:
            row.address = response?.address ?? request?.address
            row.quantity = response?.quantity.map(Int.init) ?? request?.registers.count
            row.requestValues = request.map { counts($0.registers) }
        case 0x14, 0x15:
            if case .fileRecords(let records)? = request?.functionData { row.quantity = records.count }
            if case .fileRecords(let records)? = response?.functionData, !records.isEmpty {
                row.responseData = records.map(describe).joined(separator: " | ")
            }
        case 0x16:
            row.address = request?.address ?? response?.address
            row.linkNumber = first.linkNumber
        case 0x17:
            row.linkNumber = first.linkNumber
        case 0x08:
            if case .diagnostics(let sub, let data)? = request?.functionData {
                row.requestSubfunction = ModbusICSNPPNames.diagnostic(sub)
                row.requestData = BytesText.escaped(data)
            }
            if case .diagnostics(let sub, let data)? = response?.functionData {
                row.responseSubfunction = ModbusICSNPPNames.diagnostic(sub)
                row.responseData = BytesText.escaped(data)
            }
        case 0x2B:
            row.linkNumber = first.linkNumber
            let types = [request, response].compactMap { pdu -> String? in
                guard case .encapsulated(let mei, _, _)? = pdu?.functionData else { return nil }
                return ModbusICSNPPNames.meiType(mei, isOrig: pdu!.isOrig)
            }
            // "A and B" when the two sides name different types.
            row.meiType = types.count == 2 && types[0] != types[1] ? types.joined(separator: " and ") : types.first
        default:
            break
        }
        return row
    }

    /// A file-record group as Zeek formats a record with `%s`: its fields in order, named.
    static func describe(_ r: ModbusFileRecord) -> String {
        var fields: [String] = []
        if let length = r.fileLength { fields.append("file_len=\(length)") }
        fields.append("ref_type=\(r.referenceType)")
        if let n = r.fileNumber { fields.append("file_num=\(n)") }
        if let n = r.recordNumber { fields.append("record_num=\(n)") }
        if let n = r.recordLength { fields.append("record_len=\(n)") }
        if let data = r.data { fields.append("record_data=" + BytesText.escaped(data)) }
        return "[" + fields.joined(separator: ", ") + "]"
    }
}
