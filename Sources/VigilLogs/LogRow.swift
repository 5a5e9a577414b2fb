import VigilCore

/// One log row built field by field in schema order, straight into where it goes: the log
/// file's buffer as JSON or TSV text, or a `LogRecord` for sinks that keep rows (tests).
///
/// Analyzers write their rows through this instead of building a `[LogValue]` per row:
/// allocating, copying and freeing those arrays was about a sixth of bench/run.sh's profile.
///
/// A text row writes through a cursor of its own (`at`, `end`) and hands the bytes to the
/// file's buffer once, in `finishText`. Appending each piece through `OutputBytes` cost a
/// call, a capacity check and a load and store of its count per piece: the compiler must
/// assume that any byte written may alias the buffer object's fields. The row is passed
/// `inout`, which Swift guarantees is not aliased, so the inlined adders below keep the
/// cursor in registers. Rows were ~35% of the benchmark's instructions, ~2,000 a row.
public struct LogRow {
    /// The row lives only while its builder runs, inside a call that holds the schema and the
    /// text: neither is retained and released per row (~90 instructions a row).
    public unowned(unsafe) let schema: LogSchema
    @usableFromInline let target: Target
    /// The file's pending text (text targets). The row writes past its end; the text takes
    /// the bytes in `finishText`.
    @usableFromInline unowned(unsafe) let text: OutputBytes
    /// Where the row's next byte goes, and how far it may write before the text must grow.
    @usableFromInline var at: UnsafeMutablePointer<UInt8>
    @usableFromInline var end: UnsafeMutablePointer<UInt8>
    /// The schema's JSON keys (`LogSchema.jsonKeyTable`) and field count.
    @usableFromInline let keyText: UnsafePointer<UInt8>
    @usableFromInline let keyStarts: UnsafePointer<Int>
    @usableFromInline let fieldCount: Int
    /// 1 until a JSON field has been written: the row's first key skips its leading comma.
    @usableFromInline var keySkip = 1
    /// The row's values (values target); nil for text rows, so that ending one releases
    /// nothing (an empty array was one release per row).
    @usableFromInline var kept: KeptValues?
    /// Index of the next field.
    @usableFromInline var field = 0
    /// Where each JSON value begins, for a reader of the row: `RowFieldStarts`'s table, nil
    /// unless one asked, so that other rows pay one test a field. A pointer, not the object:
    /// unwrapping an optional reference for each field retained and released it each time.
    @usableFromInline var valueOffsets: UnsafeMutablePointer<Int32>?

    @usableFromInline enum Target { case json, tsv, values }

    /// Fields before the first one after the connection (`LogSchema.connectionFields`) and
    /// direction (`LogSchema.directionalFields`) blocks.
    @usableFromInline static let afterConnection = 6
    @usableFromInline static let afterDirection = 11

    /// A row rendered as text onto the end of `text`.
    @inline(__always) init(_ schema: LogSchema, format: LogFormat, appendingTo text: OutputBytes) {
        self.schema = schema
        self.target = format == .json ? .json : .tsv
        self.text = text
        (keyText, keyStarts) = schema.jsonKeyTable
        fieldCount = schema.fieldCount
        at = text.writeStart
        end = text.writeEnd
        if target == .json { put(UInt8(ascii: "{")) }
    }

    /// A row kept as values (`record`).
    public init(valuesOf schema: LogSchema) {
        self.schema = schema
        self.target = .values
        self.text = Self.noText
        (keyText, keyStarts) = schema.jsonKeyTable
        fieldCount = schema.fieldCount
        at = Self.noText.writeStart
        end = at
        kept = KeptValues(capacity: schema.fields.count)
    }

    // MARK: Fields

    /// The next field's value.
    ///
    /// Inlined into the analyzers so that the value's case, known where the row is built
    /// (`.string(name)`, `.optional(count)`), picks its encoder there: the enum is never built
    /// or switched on per field. Transparent because `@inline(__always)` was not honoured
    /// inside the row closures: each field paid a call and a switch (~50 instructions, 0.7%
    /// of bench/run.sh's instructions).
    @_transparent public mutating func add(_ v: LogValue) {
        switch v {
        case .unset: addUnset()
        case .string(let s): add(string: s)
        case .name(let n): add(name: n)
        case .count(let c): add(count: c)
        default: add(value: v)
        }
    }

    /// An unset field: nothing in JSON, `-` in TSV.
    @inlinable @inline(__always) public mutating func addUnset() {
        switch target {
        case .json: break
        case .tsv:
            startTextField()
            put(UInt8(ascii: "-"))
        case .values: keep(.unset)
        }
        field += 1
    }

    /// A count: the same digits in both formats.
    @inlinable @inline(__always) public mutating func add(count c: UInt64) {
        if target == .values {
            keep(.count(c))
        } else {
            startTextField()
            putDigits(c)
        }
        field += 1
    }

    /// A table name: copied as it is, quoted in JSON (`LogName` needs no escaping).
    @inlinable @inline(__always) public mutating func add(name n: LogName) {
        switch target {
        case .json:
            putKey()
            putQuoted(n.text)
        case .tsv:
            startTextField()
            put(bytes: n.text)
        case .values: keep(name: n)
        }
        field += 1
    }

    /// A string field: quoted, and escaped only when it needs it, in JSON; escaped as Zeek's
    /// TSV does otherwise.
    public mutating func add(string s: String) {
        defer { field += 1 }
        guard target != .values else { return keep(.string(s)) }
        startTextField()
        if target == .json {
            // Read in place: `withUTF8` needs a mutable copy, which retained and released the
            // string's storage for every string field.
            let plain = s.utf8.withContiguousStorageIfAvailable { u in
                let bytes = UnsafeRawBufferPointer(u)
                guard !TextBytes.needsJSONEscape(bytes) else { return false }
                putQuoted(bytes)
                return true
            }
            if plain != true { throughText { TextBytes.appendJSONString(s, to: &$0) } }
        } else {
            throughText { ZeekTSVEncoder.append(string: s, to: &$0) }
        }
    }

    /// A count, or an unset field for nil.
    @inlinable @inline(__always) public mutating func add<I: BinaryInteger>(optionalCount v: I?) {
        if let v { add(count: UInt64(truncatingIfNeeded: v)) } else { addUnset() }
    }

    /// A table name, or an unset field for nil.
    @inlinable @inline(__always) public mutating func add(optionalName n: LogName?) {
        if let n { add(name: n) } else { addUnset() }
    }

    /// A code or id as Zeek's `fmt("0x%02x", v)` text (`Hex.zeek`), a string field.
    public mutating func add(hex v: UInt64, minimumWidth: Int) {
        defer { field += 1 }
        guard target != .values else { return keep(.string(Hex.zeek(v, minimumWidth: minimumWidth))) }
        startTextField()
        let digits = Hex.zeekDigits(v, minimumWidth: minimumWidth)
        // Hex digits need no escaping in either format; JSON quotes them.
        let json = target == .json
        reserve(digits + 4)
        if json { put(UInt8(ascii: "\"")) }
        Hex.writePrefixed(v, digits: digits, at: at)
        at += 2 + digits
        if json { put(UInt8(ascii: "\"")) }
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
        guard target != .values else { return keep(.string((prefix ? "0x" : "") + Hex.string(data))) }
        startTextField()
        let json = target == .json
        throughText { bytes in
            if json { bytes.append(UInt8(ascii: "\"")) }
            if prefix {
                bytes.append(UInt8(ascii: "0"))
                bytes.append(UInt8(ascii: "x"))
            }
            bytes.append(hexDigitsOf: data)
            if json { bytes.append(UInt8(ascii: "\"")) }
            // An empty TSV string field is Zeek's `(empty)`.
            if !json && data.isEmpty && !prefix { bytes.append(utf8: ZeekTSVEncoder.emptyField) }
        }
    }

    /// A MAC address as Zeek prints it (`00:1b:1b:22:c5:40`), a string field; unset for nil.
    public mutating func add(optionalMAC m: MACAddress?) {
        guard let m else { return addUnset() }
        defer { field += 1 }
        guard target != .values else { return keep(.mac(m)) }
        startTextField()
        // Hex digits and colons need no escaping in either format; JSON quotes them.
        let json = target == .json
        reserve(19)
        if json { put(UInt8(ascii: "\"")) }
        m.write(into: UnsafeMutableRawBufferPointer(start: at, count: 17))
        at += 17
        if json { put(UInt8(ascii: "\"")) }
    }

    /// A Zeek `time`: seconds with six decimals, the same text in both formats.
    public mutating func add(time ts: Timestamp) {
        defer { field += 1 }
        guard target != .values else { return keep(.time(ts)) }
        startTextField()
        putTime(ts)
    }

    /// A bool: `true`/`false` in JSON, `T`/`F` in TSV.
    public mutating func add(bool b: Bool) {
        defer { field += 1 }
        guard target != .values else { return keep(.bool(b)) }
        startTextField()
        if target == .json {
            let word: StaticString = b ? "true" : "false"
            put(bytes: UnsafeRawBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
        } else {
            put(b ? UInt8(ascii: "T") : UInt8(ascii: "F"))
        }
    }

    /// An address field, quoted in JSON; IPv4 written in place.
    public mutating func add(address a: IPAddress) {
        guard target != .values, case .v4(let v) = a else { return add(value: .addr(a)) }
        defer { field += 1 }
        startTextField()
        let json = target == .json
        reserve(17)
        if json { put(UInt8(ascii: "\"")) }
        at += IPAddress.writeDottedQuad(v, at: at)
        if json { put(UInt8(ascii: "\"")) }
    }

    /// A Zeek `interval`: seconds with six decimals (`TextBytes.appendMicros`), the same text
    /// in both formats.
    public mutating func add(interval ns: Int64) {
        defer { field += 1 }
        guard target != .values else { return keep(.interval(ns)) }
        startTextField()
        throughText { TextBytes.appendMicros(ns, to: &$0) }
    }

    /// A string field whose bytes need no escaping in either format (printable ASCII but `"`
    /// and `\\`): the caller's guarantee, checked in debug builds. Quoted in JSON; `(empty)`
    /// when empty in TSV, as `add(string:)` writes.
    public mutating func add(plainText bytes: UnsafeRawBufferPointer) {
        assert(bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }, "text needs escaping")
        defer { field += 1 }
        guard target != .values else { return keep(.string(String(decoding: bytes, as: UTF8.self))) }
        startTextField()
        if target == .json {
            putQuoted(bytes)
        } else if bytes.isEmpty {
            throughText { $0.append(utf8: ZeekTSVEncoder.emptyField) }
        } else {
            put(bytes: bytes)
        }
    }

    /// Any other set value, through the encoders' full switch (`add` sends unset fields to
    /// `addUnset`).
    @usableFromInline mutating func add(value v: LogValue) {
        defer { field += 1 }
        guard target != .values else { return keep(v) }
        startTextField()
        let json = target == .json
        throughText { bytes in
            if json {
                ZeekJSONEncoder.append(v, to: &bytes)
            } else {
                ZeekTSVEncoder.append(v, to: &bytes)
            }
        }
    }

    /// `n` unset fields.
    public mutating func addUnset(count n: Int) {
        for _ in 0..<n { addUnset() }
    }

    public mutating func add(contentsOf values: [LogValue]) {
        for v in values { add(v) }
    }

    /// The leading `ts`, `uid` and conn_id fields (`LogSchema.connectionFields`), with the
    /// flow's text encoded once.
    public mutating func connection(ts: Timestamp, _ flow: ConnectionFieldText) {
        precondition(field == 0 && schema.leadsWithConnectionFields, "log \(schema.path) does not start with the connection fields")
        // Literals, so release builds do not read the arrays per row; debug builds (the tests)
        // check them against the field lists.
        assert(Self.afterConnection == LogSchema.connectionFields.count && Self.afterDirection == LogSchema.directionalFields.count)
        switch target {
        case .json:
            putKey()
            putTime(ts)
            putPadded(flow.connectionText(.json))
            noteBlock(first: 1, count: Self.afterConnection - 1)
        case .tsv:
            putTime(ts)
            putPadded(flow.connectionText(.tsv))
        case .values:
            kept!.values.append(.time(ts))
            kept!.values.append(contentsOf: flow.connectionValues)
        }
        field = Self.afterConnection
    }

    /// The same fields in a flow's last row (conn.log): copied from `cached` if an earlier row
    /// built them, else written field by field. Building a block there would serve one row,
    /// and 77% of bench/run.sh's connections (a SYN scan's) have no other.
    public mutating func connection(ts: Timestamp, uid: ConnectionUIDBits, id: ConnectionID, cached: ConnectionFieldText?) {
        if target == .values || cached?.builtConnectionText(target == .json ? .json : .tsv) != nil {
            return connection(ts: ts, cached ?? ConnectionFieldText(uid: uid.text, id: id))
        }
        precondition(field == 0 && schema.leadsWithConnectionFields, "log \(schema.path) does not start with the connection fields")
        if target == .json { putKey() }
        putTime(ts)
        field = 1
        // Base62 text: plain in both formats.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ConnectionUIDBits.maxLength) { buffer in
            let n = uid.write(into: buffer.baseAddress!)
            add(plainText: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: n))
        }
        add(address: id.origHost)
        add(count: UInt64(id.origPort))
        add(address: id.respHost)
        add(count: UInt64(id.respPort))
    }

    /// The connection fields and ICSNPP's direction block (`LogSchema.directionalFields`) of
    /// a message sent by the originator (`isOrig`) or the responder.
    public mutating func directional(ts: Timestamp, _ flow: ConnectionFieldText, isOrig: Bool) {
        precondition(schema.leadsWithDirectionalFields, "log \(schema.path) does not start with the direction fields")
        precondition(field == 0, "log \(schema.path): the direction fields lead the row")
        switch target {
        case .json:
            putKey()
            putTime(ts)
            putPadded(flow.directionalText(isOrig: isOrig, .json))
            noteBlock(first: 1, count: Self.afterDirection - 1)
        case .tsv:
            putTime(ts)
            putPadded(flow.directionalText(isOrig: isOrig, .tsv))
        case .values:
            kept!.values.append(.time(ts))
            kept!.values.append(contentsOf: flow.connectionValues)
            kept!.values.append(contentsOf: flow.directionValues(isOrig: isOrig))
        }
        field = Self.afterDirection
    }

    /// Ends a text row; every field must have been given.
    mutating func finishText() {
        precondition(field == fieldCount, "log \(schema.path): \(field) values for \(fieldCount) fields")
        reserve(2)
        if target == .json { put(UInt8(ascii: "}")) }
        put(0x0A)
        let cursor = at
        Unmanaged.passUnretained(text)._withUnsafeGuaranteedRef { $0.commit(upTo: cursor) }
    }

    /// The row as a record (values target).
    public var record: LogRecord { LogRecord(schema, kept?.values ?? []) }

    // MARK: Text through the cursor

    /// What comes before a text field: its JSON key (after a comma), or the TSV tab that
    /// separates it from the previous field.
    @inlinable @inline(__always) mutating func startTextField() {
        if target == .json {
            putKey()
        } else if field > 0 {
            put(UInt8(ascii: "\t"))
        }
    }

    /// The next field's `"name":`, after a comma unless it is the row's first JSON field.
    @inlinable @inline(__always) mutating func putKey() {
        precondition(field < fieldCount, "log \(schema.path): more values than fields")
        let start = keyStarts[field] + keySkip
        putPadded(UnsafeRawPointer(keyText + start), count: keyStarts[field + 1] - start)
        keySkip = 0
        if let valueOffsets { valueOffsets[field] = Int32(truncatingIfNeeded: text.offset(of: at)) }
    }

    /// Notes a block of `count` fields from `first`, copied as one piece, for a reader of the
    /// row: it finds them by name (rare; searching each block as it is copied cost more).
    @inlinable @inline(__always) mutating func noteBlock(first: Int, count: Int) {
        if let valueOffsets { (valueOffsets + first).update(repeating: RowFieldStarts.blockMark, count: count) }
    }

    /// Makes room for `n` more bytes at `at`.
    @inlinable @inline(__always) mutating func reserve(_ n: Int) {
        if end - at < n { grow(n) }
    }

    /// Grows the text so that `n` bytes fit after the cursor; the row's bytes so far move
    /// with it.
    @usableFromInline mutating func grow(_ n: Int) {
        throughText { $0.reserve(n) }
    }

    @inlinable @inline(__always) mutating func put(_ byte: UInt8) {
        reserve(1)
        at.pointee = byte
        at += 1
    }

    /// `n` bytes from `source`, which can be read up to `n` rounded up to 16
    /// (`OutputBytes.copyPadded`).
    @inlinable @inline(__always) mutating func putPadded(_ source: UnsafeRawPointer, count n: Int) {
        reserve(n + 16)
        OutputBytes.copyPadded(source, to: UnsafeMutableRawPointer(at), count: n)
        at += n
    }

    @inlinable @inline(__always) mutating func putPadded(_ text: UnsafeRawBufferPointer) {
        putPadded(text.baseAddress!, count: text.count)
    }

    /// Bytes that may not be read past their end.
    @inlinable mutating func put(bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        reserve(n)
        if n > 0 { OutputBytes.copy(bytes.baseAddress!, to: UnsafeMutableRawPointer(at), count: n) }
        at += n
    }

    /// `bytes` between double quotes. Always inlined: every JSON name and string goes through
    /// here, and the call was ~1% of bench/run.sh's instructions.
    @inlinable @inline(__always) mutating func putQuoted(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        reserve(n + 2)
        at[0] = UInt8(ascii: "\"")
        if n > 0 { OutputBytes.copy(bytes.baseAddress!, to: UnsafeMutableRawPointer(at + 1), count: n) }
        at[n + 1] = UInt8(ascii: "\"")
        at += n + 2
    }

    /// The decimal digits of `value`, written in place from the last one back.
    @inlinable @inline(__always) mutating func putDigits(_ value: UInt64) {
        reserve(20)
        let n = TextBytes.digitCount(value)
        _ = TextBytes.writeDigits(value, endingAt: UnsafeMutableRawPointer(at + n))
        at += n
    }

    /// A Zeek `time`; the text keeps the previous row's seconds digits (`OutputBytes.writeTime`).
    /// Inlined into the row's leading fields: one call a row fewer.
    @usableFromInline @inline(__always) mutating func putTime(_ ts: Timestamp) {
        let ns = ts.nanoseconds
        guard ns >= 0 else { return throughText { $0.appendTime(nanoseconds: ns) } }
        reserve(OutputBytes.timeRoom)
        let cursor = at
        // Unretained: loading an `unowned(unsafe)` reference for a call retained and released
        // it, twice per row.
        at += Unmanaged.passUnretained(text)._withUnsafeGuaranteedRef { $0.writeTime(nanoseconds: ns, at: cursor) }
    }

    /// Runs `body` appending to the text itself, for values written by the shared encoders,
    /// then takes the cursor back from it.
    @usableFromInline mutating func throughText(_ body: (inout OutputBytes) -> Void) {
        text.commit(upTo: at)
        var bytes = text
        body(&bytes)
        at = text.writeStart
        end = text.writeEnd
    }

    /// Values kept out of line, so the inlined adders stay small.
    @usableFromInline mutating func keep(_ v: LogValue) { kept!.values.append(v) }
    @usableFromInline mutating func keep(name n: LogName) { kept!.values.append(.string(n.string)) }

    /// The text target of rows kept as values: never appended to, so never shared state.
    private nonisolated(unsafe) static let noText = OutputBytes(capacity: 0)
}

/// The values of a row kept as a record (`LogRow.init(valuesOf:)`).
@usableFromInline final class KeptValues {
    @usableFromInline var values: [LogValue] = []
    init(capacity: Int) { values.reserveCapacity(capacity) }
}
