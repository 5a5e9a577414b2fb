/// The points a write touches, read from an OT log row: what a baseline learns of where each
/// pair writes. A table is a kind of point, and the range the first and last address written:
/// Modbus coils or holding registers (modbus_detailed.log), DNP3 control blocks by point index
/// (dnp3_control.log), BACnet objects of one type by instance and property
/// (bacnet_property.log), S7 memory areas and data blocks by byte address, timers and
/// counters by number (s7comm_variables.log), CIP objects of one class by instance (cip.log),
/// IEC 104 commands of one type family by information object address (iec104.log).
struct WriteRange: Equatable {
    /// `holding_registers`, `coils`, `control_relay_output_block`, `analog-output/present-value`.
    let table: String
    let first: Int
    let last: Int
    /// Whether the function written with names the table (Modbus: a new table is a new
    /// function, named as that); otherwise a table a pair never wrote is outside its range.
    let functionNamesTable: Bool

    /// The logs whose rows carry writes.
    static let logs = [modbusLog, "dnp3_control", "bacnet_property", s7Log, "cip", "iec104"]
    static let s7Log = "s7comm_variables"
    static let modbusLog = "modbus_detailed"

    /// The Modbus functions that write one table at `address` for `quantity` items (Modbus
    /// Application Protocol v1.1b3, 6.5, 6.6, 6.11, 6.12 and 6.16). Read/Write Multiple
    /// Registers (6.17) is left out: its row's address is the read's.
    static let modbusTables = [
        "WRITE_SINGLE_COIL": "coils", "WRITE_MULTIPLE_COILS": "coils", "WRITE_SINGLE_REGISTER": "holding_registers",
        "WRITE_MULTIPLE_REGISTERS": "holding_registers", "MASK_WRITE_REGISTER": "holding_registers",
    ]

    /// The CIP services that write an object's attributes (CIP Vol. 1, Appendix A): all of
    /// them, a list of them, or one.
    static let cipWrites: Set = ["Set Attributes All", "Set Attribute List", "Set Attributes Single"]

    /// The IEC 60870-5-104 command types in the control direction that act on a process
    /// point (IEC 60870-5-101, 7.3.2): single, double and regulating step commands, set points
    /// and bit strings, with or without a time tag. Interrogations, clock synchronisation and
    /// reset process are system commands, named as functions.
    static let iec104Commands = ["C_SC_", "C_DC_", "C_RC_", "C_SE_", "C_BO_"]

    /// The DNP3 functions that act on a control block's point (IEEE 1815-2012, 4.4.3):
    /// select and operate, or operate at once.
    static let dnp3Operations: Set = ["SELECT", "OPERATE", "DIRECT_OPERATE", "DIRECT_OPERATE_NR"]

    /// The range a row writes, if it is a write request naming its points.
    init?(_ record: EventRecord) {
        switch record.log {
        case Self.modbusLog:
            guard let function = record.text("func"), let table = Self.modbusTables[function],
                let address = record.value("address")?.number.map({ Int($0) })
            else { return nil }
            let quantity = record.value("quantity")?.number.map { max(1, Int($0)) } ?? 1
            self.init(table: table, first: address, last: address + quantity - 1, functionNamesTable: true)
        case "dnp3_control":
            // The master's request; the outstation's response echoes it.
            guard record.value("is_orig") == .bool(true), let function = record.text("function_code"),
                Self.dnp3Operations.contains(function),
                let block = record.text("block_type"), let index = record.value("index_number")?.number.map({ Int($0) })
            else { return nil }
            self.init(table: Self.tableName(block), first: index, last: index, functionNamesTable: false)
        case "bacnet_property":
            // WriteProperty (ASHRAE 135, 15.9): the object and property written.
            guard record.value("is_orig") == .bool(true), record.text("pdu_service") == "write-property",
                let type = record.text("object_type"), let property = record.text("property"),
                let instance = record.value("instance_number")?.number.map({ Int($0) })
            else { return nil }
            self.init(table: "\(type)/\(property)", first: instance, last: instance, functionNamesTable: false)
        case Self.s7Log:
            // A Write Var job's item (S7ANY syntax): the area, and for data blocks their number.
            // The CPU's answer repeats the job's addresses with a return code.
            guard record.text("function_name") == "Write Variable", record.value("return_code") == nil, let area = record.text("area"),
                let address = record.value("address")?.number.map({ Int($0) })
            else { return nil }
            let db = record.value("db_number")?.number.map { "\(area)\(Int($0))" }
            let count = record.value("count")?.number.map { max(1, Int($0)) } ?? 1
            let span = Self.s7Span(record.text("transport_size"), count: count)
            self.init(table: db ?? area, first: address, last: address + span - 1, functionNamesTable: false)
        case "cip":
            // A request whose path names the class and instance (a Logix tag write names a
            // symbol instead, and has no range).
            guard record.text("direction") == "request", let service = record.text("cip_service"), Self.cipWrites.contains(service),
                let cipClass = record.text("class_name") ?? record.text("class_id"),
                let instance = record.text("instance_id").flatMap({ Int($0.hasPrefix("0x") ? $0.dropFirst(2) : Substring($0), radix: 16) })
            else { return nil }
            self.init(table: "cip \(cipClass)", first: instance, last: instance, functionNamesTable: false)
        case "iec104":
            // The controlling station's activation; the station's confirmation and
            // termination (actcon, actterm) echo it.
            guard record.text("asdu.cause_tx") == "act", let type = record.text("asdu.info_obj_type"),
                let family = Self.iec104Commands.first(where: type.hasPrefix),
                case .list(let objects)? = record.value("asdu.info_obj_addrs")
            else { return nil }
            let addresses = objects.compactMap { $0.number.map { Int($0) } }
            guard let first = addresses.min(), let last = addresses.max() else { return nil }
            let common = record.text("asdu.common_address") ?? "0"
            self.init(table: "iec104 common \(common) \(family.dropLast())", first: first, last: last, functionNamesTable: false)
        default:
            return nil
        }
    }

    /// How many addresses `count` elements of an S7 transport size cover: bytes for the
    /// byte-addressed areas (a WORD is two), one number per timer or counter, one byte for a
    /// bit. An unknown size counts one per element.
    static func s7Span(_ transportSize: String?, count: Int) -> Int {
        switch transportSize {
        case "BIT": 1
        case "WORD", "INT", "DATE", "S5TIME": 2 * count
        case "DWORD", "DINT", "REAL", "TOD", "TIME": 4 * count
        case "DATE_AND_TIME": 8 * count
        default: count
        }
    }

    init(table: String, first: Int, last: Int, functionNamesTable: Bool) {
        self.table = table
        self.first = first
        self.last = last
        self.functionNamesTable = functionNamesTable
    }

    /// `Control Relay Output Block` as `control_relay_output_block`: one word in evidence.
    static func tableName(_ text: String) -> String { text.lowercased().split(separator: " ").joined(separator: "_") }

    /// Whether `learned` (`[first, last]`) holds the whole range.
    func isInside(_ learned: [Int]) -> Bool { learned.count == 2 && learned[0] <= first && last <= learned[1] }

    /// `learned` grown to hold this range too.
    func widening(_ learned: [Int]?) -> [Int] {
        guard let l = learned, l.count == 2 else { return [first, last] }
        return [min(l[0], first), max(l[1], last)]
    }

    var text: String { first == last ? "\(first)" : "\(first)-\(last)" }
}
