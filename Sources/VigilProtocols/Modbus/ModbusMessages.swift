/// Modbus names as Zeek's base/protocols/modbus/consts.zeek spells them, so logs agree.
/// Function codes: Modbus Application Protocol Specification V1.1b3 §5.1 and §6.
public enum ModbusNames {
    public static let functions: [UInt8: String] = [
        0x01: "READ_COILS", 0x02: "READ_DISCRETE_INPUTS", 0x03: "READ_HOLDING_REGISTERS", 0x04: "READ_INPUT_REGISTERS",
        0x05: "WRITE_SINGLE_COIL", 0x06: "WRITE_SINGLE_REGISTER", 0x07: "READ_EXCEPTION_STATUS", 0x08: "DIAGNOSTICS",
        0x0B: "GET_COMM_EVENT_COUNTER", 0x0C: "GET_COMM_EVENT_LOG", 0x0F: "WRITE_MULTIPLE_COILS",
        0x10: "WRITE_MULTIPLE_REGISTERS", 0x11: "REPORT_SLAVE_ID", 0x14: "READ_FILE_RECORD", 0x15: "WRITE_FILE_RECORD",
        0x16: "MASK_WRITE_REGISTER", 0x17: "READ_WRITE_MULTIPLE_REGISTERS", 0x18: "READ_FIFO_QUEUE",
        0x2B: "ENCAP_INTERFACE_TRANSPORT",
        // Machine, vendor and network specific functions (Zeek lists these too).
        0x09: "PROGRAM_484", 0x0A: "POLL_484", 0x0D: "PROGRAM_584_984", 0x0E: "POLL_584_984", 0x12: "PROGRAM_884_U84",
        0x13: "RESET_COMM_LINK_884_U84", 0x28: "PROGRAM_CONCEPT", 0x7D: "FIRMWARE_REPLACEMENT",
        0x7E: "PROGRAM_584_984_2", 0x7F: "REPORT_LOCAL_ADDRESS",
    ]

    /// Exception codes, spec §7.
    public static let exceptions: [UInt8: String] = [
        0x01: "ILLEGAL_FUNCTION", 0x02: "ILLEGAL_DATA_ADDRESS", 0x03: "ILLEGAL_DATA_VALUE", 0x04: "SLAVE_DEVICE_FAILURE",
        0x05: "ACKNOWLEDGE", 0x06: "SLAVE_DEVICE_BUSY", 0x08: "MEMORY_PARITY_ERROR", 0x0A: "GATEWAY_PATH_UNAVAILABLE",
        0x0B: "GATEWAY_TARGET_DEVICE_FAILED_TO_RESPOND",
    ]

    /// Zeek's build_func: exceptions are the function name with `_EXCEPTION`.
    public static func function(_ code: UInt8) -> String { functionNames[Int(code)] }

    /// The same names as log fields: copied into modbus.log's `func` without the String's
    /// escape scan (~200 instructions a row).
    public static let functionFields = NumberedNames(entries: functionNames.enumerated().map { (UInt32($0.offset), $0.element) })

    /// All 256 names precomputed: looked up once per PDU, so no hashing or string building.
    static let functionNames: [String] = (0...255).map { (c: Int) -> String in
        let code = UInt8(c)
        if let n = functions[code] { return n }
        if code & 0x80 != 0, let n = functions[code & 0x7F] { return n + "_EXCEPTION" }
        return "unknown-\(code)"
    }

    public static func exception(_ code: UInt8) -> String { exceptions[code] ?? "unknown-\(code)" }
}

/// One Modbus/TCP application data unit.
///
/// MBAP header (Modbus Messaging on TCP/IP Implementation Guide V1.0b §3.1.3):
/// ```
///  0  transaction id   u16
///  2  protocol id      u16  always 0 for Modbus
///  4  length           u16  bytes that follow: unit id + PDU (2...254)
///  6  unit id          u8
///  7  function code    u8   (high bit set: exception response)
///  8  data             ...
/// ```
public struct ModbusFrame: Equatable, Sendable {
    public var transactionID: UInt16
    public var unitID: UInt8
    public var functionCode: UInt8
    public var data: [UInt8]

    public var isException: Bool { functionCode & 0x80 != 0 }
}

/// One Read Device Identification object (FC 43 / MEI 14).
public struct ModbusDeviceObject: Equatable, Sendable {
    public var id: UInt8
    public var value: [UInt8]
}
