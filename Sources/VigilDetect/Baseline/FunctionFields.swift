/// Where each OT log names the function a client asked for: the field, and the rows that are
/// requests (responses repeat the function and say nothing new about the client).
struct FunctionField: Sendable {
    let log: String
    let field: String
    /// A field and value the row must have to be a request; nil when every row is one.
    let request: (field: String, value: FieldValue)?

    static let all: [FunctionField] = [
        FunctionField(log: "modbus", field: "func", request: ("pdu_type", .text("REQ"))),
        FunctionField(log: "dnp3", field: "fc_request", request: nil),
        FunctionField(log: "s7comm", field: "function_name", request: ("is_orig", .bool(true))),
        FunctionField(log: "cip", field: "cip_service", request: ("is_orig", .bool(true))),
        FunctionField(log: "bacnet", field: "pdu_service", request: ("is_orig", .bool(true))),
        FunctionField(log: "iec104", field: "asdu.info_obj_type", request: ("is_orig", .bool(true))),
    ]

    static func of(_ log: String) -> FunctionField? { all.first { $0.log == log } }

    /// The function a row asks for, if it is a request that names one.
    func function(in record: EventRecord) -> String? {
        if let (f, v) = request, record.value(f) != v { return nil }
        return record.text(field)
    }
}
