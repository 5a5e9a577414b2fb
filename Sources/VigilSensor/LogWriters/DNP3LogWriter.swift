import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Writes DNP3 events as Zeek's dnp3.log, ICSNPP-dnp3's dnp3_control.log and
/// dnp3_objects.log, and Vigil's dnp3_file.log.
final class DNP3LogWriter {
    /// base/protocols/dnp3/main.zeek: one row per request/response pair.
    static let schema = LogSchema(
        path: "dnp3",
        fields: LogSchema.connectionFields + [LogField("fc_request", "string"), LogField("fc_reply", "string"), LogField("iin", "count")])

    /// One row per control block (CROB or pattern control block) in a request or response.
    static let controlSchema = LogSchema(
        path: "dnp3_control",
        fields: LogSchema.directionalFields + [
            LogField("block_type", "string"), LogField("function_code", "string"), LogField("index_number", "count"),
            LogField("trip_control_code", "string"), LogField("operation_type", "string"), LogField("clear_bit", "bool"),
            LogField("execute_count", "count"), LogField("on_time", "count"), LogField("off_time", "count"),
            LogField("status_code", "string"),
        ])

    /// One row per object header of a READ request or a RESPONSE.
    static let objectsSchema = LogSchema(
        path: "dnp3_objects",
        fields: LogSchema.directionalFields + [
            LogField("function_code", "string"), LogField("object_type", "string"), LogField("object_count", "count"),
            LogField("range_low", "count"), LogField("range_high", "count"),
        ])

    /// One row per file-control object (group 70): Vigil's own schema, in the field style of
    /// the ICSNPP-dnp3 logs (direction block first). docs/LOGS.md documents every field.
    static let fileSchema = LogSchema(
        path: "dnp3_file",
        fields: LogSchema.directionalFields + [
            LogField("function_code", "string"), LogField("object", "string"), LogField("file_name", "string"),
            LogField("file_handle", "count"), LogField("request_id", "count"), LogField("mode", "string"),
            LogField("file_type", "string"), LogField("file_size", "count"), LogField("created", "time"),
            LogField("permissions", "string"), LogField("max_block_size", "count"), LogField("block_number", "count"),
            LogField("last_block", "bool"), LogField("data_bytes", "count"), LogField("file_sha256", "string"),
            LogField("status", "string"), LogField("text", "string"), LogField("user_name", "string"),
        ])

    private var text = FlowTextCache()

    func write(_ e: DNP3Event, to router: EventRouter) {
        let flow = text.fieldText(e.flow)
        func row(_ schema: LogSchema, _ fields: (inout LogRow) -> Void) { router.log(schema, for: e, flow, fields) }
        switch e.message {
        case .exchange(let request, let response, let iin):
            router.log(Self.schema) { row in
                row.connection(ts: e.ts, flow)
                if let request { row.add(DNP3Names.functionField(request)) } else { row.addUnset() }
                if let response { row.add(DNP3Names.functionField(response)) } else { row.addUnset() }
                row.add(optionalCount: iin)
            }
        case .fragment(let a):
            // READ requests and RESPONSEs list their objects in dnp3_objects.log (ICSNPP).
            let listsObjects = (a.function == 0x01 && !a.isResponse) || a.function == 0x81
            let function = DNP3Names.functionField(a.function)
            for h in a.objects {
                if listsObjects, let type = DNP3Names.objectFields.logName(UInt32(h.objectType)) {
                    row(Self.objectsSchema) { row in
                        row.add(function)
                        row.add(name: type)
                        row.add(a.isResponse ? .count(h.count) : .unset)
                        row.add(a.isResponse ? .count(h.rangeLow) : .unset)
                        row.add(a.isResponse ? .count(h.rangeHigh) : .unset)
                    }
                }
                for c in h.controls {
                    row(Self.controlSchema) { row in
                        row.add(.name(h.variation == 1 ? "Control Relay Output Block" : "Pattern Control Block"))
                        row.add(function)
                        row.add(.count(c.index))
                        row.add(.string(DNP3Names.tripCode(c.controlCode)))
                        row.add(.string(DNP3Names.operationType(c.controlCode)))
                        row.add(.bool(c.controlCode & 0x20 != 0))
                        row.add(.count(c.count))
                        row.add(.count(c.onTime))
                        row.add(.count(c.offTime))
                        row.add(a.isResponse ? .string(DNP3Names.status(c.status)) : .unset)
                    }
                }
            }
        case .file(let file, let function, let name, let digest):
            func text(_ bytes: [UInt8]) -> String { BytesText.text(bytes) }
            row(Self.fileSchema) { row in
                row.add(.string(DNP3Names.function(function)))
                row.add(.string(DNP3FileNames.object(file.variation)))
                row.add(.optional(name))
                row.add(.optional(file.handle))
                row.add(.optional(file.requestID))
                row.add(.optional(file.mode.map(DNP3FileNames.mode)))
                row.add(.optional(file.fileType.map(DNP3FileNames.fileType)))
                row.add(.optional(file.fileSize))
                // 0 is how masters leave the creation time out (every corpus file command does).
                row.add(file.createdMillis.flatMap { $0 == 0 ? nil : .time(Timestamp(nanoseconds: Int64($0) * 1_000_000)) } ?? .unset)
                row.add(.optional(file.permissions.map(DNP3FileNames.permissions)))
                row.add(.optional(file.maxBlockSize))
                row.add(.optional(file.blockNumber))
                row.add(file.isLastBlock.map { .bool($0) } ?? .unset)
                row.add(.optional(file.data.map { UInt64($0.count) }))
                row.add(.optional(digest))
                row.add(.optional(file.status.map(DNP3FileNames.status)))
                row.add(.optional(file.text.flatMap { $0.isEmpty ? nil : text($0) }))
                row.add(.optional(file.userName.map(text)))
            }
        }
    }
}
