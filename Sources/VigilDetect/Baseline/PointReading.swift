import VigilCore

/// A value a server gave for one of its points, read from an OT log row: what a baseline
/// learns the range of and compares with it.
struct PointReading: Equatable {
    /// The device that holds the point (the one that answered).
    let server: String
    let point: String
    let value: Double

    /// The logs that carry polled values.
    static let logs = [WriteRange.modbusLog, "bacnet_property", "iec104", WriteRange.s7Log]

    /// The Modbus functions that read a table, and the table (Modbus Application Protocol
    /// v1.1b3, 6.1–6.4): `response_values` holds one value per coil, input or register.
    static let modbusTables = [
        "READ_COILS": "coils", "READ_DISCRETE_INPUTS": "discrete_inputs", "READ_HOLDING_REGISTERS": "holding_registers",
        "READ_INPUT_REGISTERS": "input_registers",
    ]

    /// The IEC 60870-5-104 types in the monitor direction whose values are states or
    /// measurements (IEC 60870-5-101, 7.3.1): single and double points, step positions and
    /// measured values, with or without a time tag. Counters only grow and bit strings are
    /// not quantities; they have no range.
    static let iec104Prefixes = ["M_SP_", "M_DP_", "M_ST_", "M_ME_"]

    /// The readings a row holds: none for a row that carries no polled value.
    static func readings(in record: EventRecord) -> [PointReading] {
        switch record.log {
        case WriteRange.modbusLog: modbus(record)
        case "bacnet_property": bacnet(record)
        case "iec104": iec104(record)
        case WriteRange.s7Log: s7(record)
        default: []
        }
    }

    /// A read of coils, inputs or registers answered: one reading per item, at `address` on.
    private static func modbus(_ record: EventRecord) -> [PointReading] {
        guard let function = record.text("func"), let table = modbusTables[function], let server = record.text("id.resp_h"),
            let address = record.value("address")?.number.map({ Int($0) }), case .list(let values)? = record.value("response_values")
        else { return [] }
        let unit = record.text("unit") ?? "0"
        return values.enumerated().compactMap { i, v in
            v.number.map { PointReading(server: server, point: "modbus unit \(unit) \(table) \(address + i)", value: $0) }
        }
    }

    /// A ReadProperty or ReadPropertyMultiple acknowledgement of a present value that reads as
    /// a number (ASHRAE 135, 12: the present value is the object's reading or setting).
    private static func bacnet(_ record: EventRecord) -> [PointReading] {
        guard let service = record.text("pdu_service"), service == "read-property-ack" || service == "read-property-multiple-ack",
            record.text("property") == "present-value", let type = record.text("object_type"),
            let instance = record.text("instance_number"), let value = record.value("value")?.number,
            let server = record.text("source_h") ?? sender(record)
        else { return [] }
        return [PointReading(server: server, point: "bacnet \(type) \(instance) present-value", value: value)]
    }

    /// Information objects of a monitor-direction ASDU: each address with its value.
    private static func iec104(_ record: EventRecord) -> [PointReading] {
        guard let type = record.text("asdu.info_obj_type"), iec104Prefixes.contains(where: type.hasPrefix),
            case .list(let addresses)? = record.value("asdu.info_obj_addrs"), case .list(let values)? = record.value("asdu.values"),
            let server = sender(record)
        else { return [] }
        let common = record.text("asdu.common_address") ?? "0"
        return zip(addresses, values).compactMap { address, value in
            value.number.map { PointReading(server: server, point: "iec104 common \(common) ioa \(address.text)", value: $0) }
        }
    }

    /// A CPU's answer to a Read Var job, item by item: each element of the item's transport
    /// size a reading, named as an S7 program addresses it (`DB5.DBW10`, `MD4`, `Q0.3`).
    /// Text, dates, times, timers and counters (BCD) have no range.
    private static func s7(_ record: EventRecord) -> [PointReading] {
        guard record.text("function_name") == "Read Variable", record.text("return_code") == "Success",
            let area = record.text("area"), let start = record.value("address")?.number.map({ Int($0) }),
            let size = record.text("transport_size"), let element = s7Elements[size], let data = record.text("data").flatMap(Hex.decode),
            let server = sender(record)
        else { return [] }
        // Data blocks are named with their number, the other areas by their letter alone.
        let prefix = record.value("db_number")?.number.map { "\(area)\(Int($0)).\(area)" } ?? area
        if size == "BIT" {
            guard let byte = data.first else { return [] }
            let bit = record.text("bit") ?? "0"
            let name = record.value("db_number") == nil ? "\(area)\(start).\(bit)" : "\(prefix)X\(start).\(bit)"
            return [PointReading(server: server, point: "s7 \(name)", value: Double(byte & 1))]
        }
        return stride(from: 0, to: data.count - element.bytes + 1, by: element.bytes).map { offset in
            let bytes = data[offset..<(offset + element.bytes)]
            let raw = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let value: Double =
                switch size {
                case "INT": Double(Int16(truncatingIfNeeded: raw))
                case "DINT": Double(Int32(truncatingIfNeeded: raw))
                case "REAL": Double(Float(bitPattern: UInt32(truncatingIfNeeded: raw)))
                default: Double(raw)
                }
            return PointReading(server: server, point: "s7 \(prefix)\(element.letter)\(start + offset)", value: value)
        }
    }

    /// The S7 transport sizes whose elements are quantities: their width in bytes and the
    /// letter an S7 address gives that width (B byte, W word, D double word).
    static let s7Elements: [String: (bytes: Int, letter: String)] = [
        "BIT": (1, "X"), "BYTE": (1, "B"), "WORD": (2, "W"), "INT": (2, "W"), "DWORD": (4, "D"), "DINT": (4, "D"), "REAL": (4, "D"),
    ]

    /// The address that sent the row's message.
    private static func sender(_ record: EventRecord) -> String? {
        record.value("is_orig") == .bool(true) ? record.text("id.orig_h") : record.text("id.resp_h")
    }

    /// A value as the evidence writes it: whole numbers without a point.
    static func text(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
