/// Where a log's rows show the points a client wrote (`WriteRange`) or the values a server's
/// points were read with (`PointReading`): a field whose value says whether the row does
/// (`gate`: the function or service), the fields that name the points, and those that hold
/// the values read. A row that does neither is decided by its pair and gate alone, so that
/// a baseline check does not tell apart rows that differ only in what it never compares.
struct PointFields {
    let gate: String
    let writes: Set<String>
    let reads: Set<String>
    /// Whether `writes` and `reads` hold prefixes of the gate's values (IEC 104 type families).
    let byPrefix: Bool
    let points: [String]
    let values: [String]
    /// The log with a row for every message this log has a row for, whose name sorts
    /// before this log's (modbus.log for modbus_detailed.log); nil when the log is its own.
    let details: String?
    /// A field and value a read must also have to carry a point's value (BACnet: the present
    /// value, not an object's name or units).
    var readsOnly: (field: String, value: String)? = nil

    /// What a row may show, by its gate's value (`StreamBaseline.Plan.kind`).
    enum Kind { case write, read, neither }

    static func of(_ log: String) -> PointFields? {
        switch log {
        case WriteRange.modbusLog:
            PointFields(
                gate: "func", writes: Set(WriteRange.modbusTables.keys), reads: Set(PointReading.modbusTables.keys), byPrefix: false,
                points: ["unit", "address", "quantity"], values: ["response_values"], details: "modbus")
        case "dnp3_control":
            PointFields(
                gate: "function_code", writes: WriteRange.dnp3Operations, reads: [], byPrefix: false,
                points: ["is_orig", "block_type", "index_number"], values: [], details: "dnp3")
        case "bacnet_property":
            PointFields(
                gate: "pdu_service", writes: ["write-property"], reads: ["read-property-ack", "read-property-multiple-ack"],
                byPrefix: false, points: ["is_orig", "object_type", "instance_number", "property"], values: ["value"],
                details: "bacnet",
                readsOnly: ("property", "present-value"))
        case WriteRange.s7Log:
            PointFields(
                gate: "function_name", writes: ["Write Variable"], reads: ["Read Variable"], byPrefix: false,
                points: ["return_code", "area", "db_number", "address", "bit", "transport_size", "count"], values: ["data"],
                details: "s7comm", readsOnly: ("return_code", "Success"))
        case "cip":
            PointFields(
                gate: "cip_service", writes: WriteRange.cipWrites, reads: [], byPrefix: false,
                points: ["direction", "class_id", "class_name", "instance_id"], values: [], details: nil)
        case "iec104":
            PointFields(
                gate: "asdu.info_obj_type", writes: Set(WriteRange.iec104Commands), reads: Set(PointReading.iec104Prefixes), byPrefix: true,
                points: ["is_orig", "asdu.cause_tx", "asdu.common_address", "asdu.info_obj_addrs"], values: ["asdu.values"], details: nil)
        default: nil
        }
    }
}
