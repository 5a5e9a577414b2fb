import VigilCore

/// One log row built field by field in schema order, straight into where it goes: the log
/// file's buffer as JSON or TSV text, or a `LogRecord` for sinks that keep rows (tests).
///
/// Analyzers write their rows through this instead of building a `[LogValue]` per row:
/// allocating, copying and freeing those arrays was about a sixth of bench/run.sh's profile.
public struct LogRow {
    public let schema: LogSchema
    @usableFromInline let target: Target
    /// The file's pending text (JSON and TSV targets), which the row appends to.
    @usableFromInline var bytes: OutputBytes
    /// The row's values (values target).
    @usableFromInline var values: [LogValue] = []
    /// Index of the next field.
    @usableFromInline private(set) var field = 0
    /// A JSON field has been written, so the next one needs a comma.
    @usableFromInline var wroteJSONField = false

    @usableFromInline enum Target { case json, tsv, values }

    /// A row rendered as text onto the end of `text`.
    init(_ schema: LogSchema, format: LogFormat, appendingTo text: OutputBytes) {
        self.schema = schema
        self.target = format == .json ? .json : .tsv
        self.bytes = text
        if target == .json { bytes.append(UInt8(ascii: "{")) }
    }

    /// A row kept as values (`record`).
    public init(valuesOf schema: LogSchema) {
        self.schema = schema
        self.target = .values
        self.bytes = Self.noText
        values.reserveCapacity(schema.fields.count)
    }

    /// The next field's value.
    ///
    /// Inlined into the analyzers so that the value's case, known where the row is built
    /// (`.string(name)`, `.optional(count)`), picks its encoder there: the enum is never built
    /// or switched on per field. Most of a row's cost was that round trip.
    @inlinable public mutating func add(_ v: LogValue) {
        switch v {
        case .unset: addUnset()
        case .string(let s): add(string: s)
        case .name(let n): add(name: n)
        case .count(let c): add(count: c)
        default: add(value: v)
        }
    }

    /// An unset field: nothing in JSON, `-` in TSV.
    @usableFromInline mutating func addUnset() {
        defer { field += 1 }
        switch target {
        case .json: break
        case .tsv:
            startTextField()
            bytes.append(UInt8(ascii: "-"))
        case .values: values.append(.unset)
        }
    }

    @usableFromInline mutating func add(string s: String) {
        defer { field += 1 }
        guard target != .values else { return values.append(.string(s)) }
        startTextField()
        if target == .json {
            TextBytes.appendJSONString(s, to: &bytes)
        } else {
            ZeekTSVEncoder.append(string: s, to: &bytes)
        }
    }

    /// A table name: copied as it is, quoted in JSON (`LogName` needs no escaping).
    @usableFromInline mutating func add(name n: LogName) {
        defer { field += 1 }
        guard target != .values else { return values.append(.string(n.string)) }
        startTextField()
        if target == .json {
            bytes.append(quoted: n.text)
        } else {
            bytes.append(bytes: n.text)
        }
    }

    /// A count: the same digits in both formats.
    @usableFromInline mutating func add(count c: UInt64) {
        defer { field += 1 }
        guard target != .values else { return values.append(.count(c)) }
        startTextField()
        bytes.append(digits: c)
    }

    /// A code or id as Zeek's `fmt("0x%02x", v)` text (`Hex.zeek`), a string field.
    public mutating func add(hex v: UInt64, minimumWidth: Int) {
        defer { field += 1 }
        guard target != .values else { return values.append(.string(Hex.zeek(v, minimumWidth: minimumWidth))) }
        startTextField()
        // Hex digits need no escaping in either format.
        if target == .json { bytes.append(UInt8(ascii: "\"")) }
        bytes.append(hex: v, minimumWidth: minimumWidth)
        if target == .json { bytes.append(UInt8(ascii: "\"")) }
    }

    /// `add(hex:)`, or an unset field for nil.
    public mutating func add<I: BinaryInteger>(optionalHex v: I?, minimumWidth: Int) {
        guard let v else { return addUnset() }
        add(hex: UInt64(truncatingIfNeeded: v), minimumWidth: minimumWidth)
    }

    /// Bytes as hex digits (`Hex.string`), a string field; unset when `bytes` is empty and
    /// `emptyIsUnset`.
    public mutating func add(hexDigitsOf data: UnsafeRawBufferPointer, prefix: Bool = false, emptyIsUnset: Bool = false) {
        if data.isEmpty && emptyIsUnset { return addUnset() }
        defer { field += 1 }
        guard target != .values else { return values.append(.string((prefix ? "0x" : "") + Hex.string(data))) }
        startTextField()
        if target == .json { bytes.append(UInt8(ascii: "\"")) }
        if prefix {
            bytes.append(UInt8(ascii: "0"))
            bytes.append(UInt8(ascii: "x"))
        }
        bytes.append(hexDigitsOf: data)
        if target == .json { bytes.append(UInt8(ascii: "\"")) }
        // An empty TSV string field is Zeek's `(empty)`.
        if target == .tsv && data.isEmpty && !prefix { bytes.append(utf8: ZeekTSVEncoder.emptyField) }
    }

    /// Any other set value, through the encoders' full switch (`add` sends unset fields to
    /// `addUnset`).
    @usableFromInline mutating func add(value v: LogValue) {
        defer { field += 1 }
        guard target != .values else { return values.append(v) }
        startTextField()
        if target == .json {
            ZeekJSONEncoder.append(v, to: &bytes)
        } else {
            ZeekTSVEncoder.append(v, to: &bytes)
        }
    }

    /// What comes before a text field: its JSON key (after a comma), or the TSV tab that
    /// separates it from the previous field.
    @usableFromInline mutating func startTextField() {
        if target == .json {
            appendKey(field)
        } else if field > 0 {
            bytes.append(ZeekTSVEncoder.tab)
        }
    }

    public mutating func add(contentsOf values: [LogValue]) {
        for v in values { add(v) }
    }

    /// The leading `ts`, `uid` and conn_id fields (`LogSchema.connectionFields`), with the
    /// flow's text encoded once.
    public mutating func connection(ts: Timestamp, _ text: ConnectionFieldText) {
        precondition(field == 0 && schema.leadsWithConnectionFields, "log \(schema.path) does not start with the connection fields")
        if let format {
            if format == .json { appendKey(0) }
            bytes.appendTime(nanoseconds: ts.nanoseconds)
            text.appendConnection(format, to: &bytes)
        } else {
            values.append(.time(ts))
            values.append(contentsOf: text.connectionValues)
        }
        field = LogSchema.connectionFields.count
    }

    /// The connection fields and ICSNPP's direction block (`LogSchema.directionalFields`) of
    /// a message sent by the originator (`isOrig`) or the responder.
    public mutating func directional(ts: Timestamp, _ text: ConnectionFieldText, isOrig: Bool) {
        precondition(schema.leadsWithDirectionalFields, "log \(schema.path) does not start with the direction fields")
        connection(ts: ts, text)
        if let format {
            text.appendDirection(isOrig: isOrig, format, to: &bytes)
        } else {
            values.append(contentsOf: text.directionValues(isOrig: isOrig))
        }
        field = LogSchema.directionalFields.count
    }

    /// The text format, or nil for rows kept as values.
    private var format: LogFormat? {
        switch target {
        case .json: .json
        case .tsv: .tsv
        case .values: nil
        }
    }

    /// A JSON field's `"name":`, after a comma unless it is the row's first field.
    @usableFromInline mutating func appendKey(_ i: Int) {
        let key = schema.paddedJSONKey(i, comma: wroteJSONField)
        bytes.append(padded: key.start, count: key.count)
        wroteJSONField = true
    }

    /// Ends a text row; every field must have been given.
    func finishText() {
        precondition(field == schema.fields.count, "log \(schema.path): \(field) values for \(schema.fields.count) fields")
        if target == .json { bytes.append(UInt8(ascii: "}")) }
        bytes.append(0x0A)
    }

    /// The text target of rows kept as values: never appended to, so never shared state.
    private nonisolated(unsafe) static let noText = OutputBytes(capacity: 0)

    /// The row as a record (values target).
    public var record: LogRecord { LogRecord(schema, values) }
}
