import VigilCore
import VigilEvents

/// Sequential reads in the OPC UA binary encoding (IEC 62541-6 §5.2): little-endian integers,
/// Int32-length-prefixed String and ByteString where -1 means null, and arrays with an Int32
/// count. Every read is bounds-checked and returns nil (consuming nothing) past the end, so a
/// hostile length never traps; array counts are bounded by the bytes left.
struct OPCUAReader {
    /// The project's bounds-checked cursor; OPC UA adds little-endian widths and its own
    /// length-prefixed forms on top. A failed compound read restores a saved copy of it.
    private var cursor: ByteCursor

    init(_ bytes: UnsafeRawBufferPointer) { cursor = ByteCursor(bytes) }

    var offset: Int { cursor.offset }
    var remaining: Int { cursor.remaining }

    mutating func u8() -> UInt8? { cursor.u8() }

    mutating func skip(_ n: Int) -> Bool { cursor.skip(n) }

    /// A fixed-width little-endian value read by `read` at the cursor, which then advances.
    private mutating func fixed<T>(_ width: Int, _ read: (UnsafeRawBufferPointer, Int) -> T) -> T? {
        guard remaining >= width else { return nil }
        defer { _ = cursor.skip(width) }
        return read(cursor.bytes, cursor.offset)
    }

    mutating func u16() -> UInt16? { fixed(2, ByteReader.u16le) }

    mutating func u32() -> UInt32? { fixed(4, ByteReader.u32le) }

    mutating func i32() -> Int32? { u32().map { Int32(bitPattern: $0) } }

    mutating func i64() -> Int64? { fixed(8) { Int64(bitPattern: ByteReader.u64le($0, $1)) } }

    /// Double (§5.2.2.3, IEEE 754 little-endian).
    mutating func double() -> Double? { fixed(8) { Double(bitPattern: ByteReader.u64le($0, $1)) } }

    mutating func boolean() -> Bool? { u8().map { $0 != 0 } }

    /// Float (§5.2.2.3, IEEE 754 single precision, little-endian).
    mutating func float() -> Float? { u32().map { Float(bitPattern: $0) } }

    /// Guid (§5.2.2.6) in its canonical text form.
    mutating func guid() -> String? { cursor.take(16).map { g in g.withUnsafeBytes { OPCUANodeID.guidText($0) } } }

    /// String or ByteString (§5.2.2.4, §5.2.2.7): Int32 length, -1 for null.
    mutating func byteString() -> OPCUABytes? {
        let saved = cursor
        guard let n = i32() else { return nil }
        if n == -1 { return OPCUABytes(nil) }
        guard n >= 0, let b = cursor.take(Int(n)) else {
            cursor = saved
            return nil
        }
        return OPCUABytes(b)
    }

    /// An array's element count (§5.2.5): -1 is null and reads as 0. A count larger than the
    /// bytes left cannot be honest (every element takes at least one byte) and fails.
    mutating func arrayCount() -> Int? {
        let saved = cursor
        guard let n = i32() else { return nil }
        if n == -1 { return 0 }
        guard n >= 0, Int(n) <= remaining else {
            cursor = saved
            return nil
        }
        return Int(n)
    }

    /// An array (§5.2.5) of elements read by `element`; nil if the count or any element fails.
    mutating func array<T>(_ element: (inout OPCUAReader) -> T?) -> [T]? {
        guard let n = arrayCount() else { return nil }
        var out: [T] = []
        for _ in 0..<n {
            guard let x = element(&self) else { return nil }
            out.append(x)
        }
        return out
    }

    mutating func stringArray() -> [OPCUABytes]? { array { $0.byteString() } }

    /// DateTime (§5.2.2.5): 100-nanosecond ticks since 1601-01-01 UTC.
    mutating func dateTime() -> Timestamp? { i64().map(Self.timestamp) }

    /// A DateTime's ticks as a Unix timestamp; a value past what nanoseconds hold reads as 0.
    static func timestamp(ticks: Int64) -> Timestamp {
        let unixTicks = ticks &- 116_444_736_000_000_000
        return Timestamp(nanoseconds: unixTicks.multipliedReportingOverflow(by: 100).overflow ? 0 : unixTicks * 100)
    }

    /// NodeId (§5.2.2.9) or ExpandedNodeId (§5.2.2.10): the encoding byte's low six bits give
    /// the form; 0x80 adds a namespace URI and 0x40 a server index (expanded form only).
    mutating func nodeID(expanded: Bool = false) -> OPCUANodeID? {
        let saved = cursor
        guard let mask = u8() else { return nil }
        var id = OPCUANodeID(encoding: mask)
        var ok = true
        switch mask & 0x3F {
        case 0x00: id.numeric = u8().map(UInt32.init)
        case 0x01:
            id.namespace = u8().map(UInt16.init)
            id.numeric = u16().map(UInt32.init)
        case 0x02:
            id.namespace = u16()
            id.numeric = u32()
        case 0x03:
            id.namespace = u16()
            id.string = byteString().map { $0.text ?? "" }
            ok = id.string != nil
        case 0x04:
            id.namespace = u16()
            id.guid = guid()
            ok = id.guid != nil
        case 0x05:
            id.namespace = u16()
            id.opaque = byteString().map { $0.hexSummary ?? "" }
            ok = id.opaque != nil
        default: ok = false
        }
        if ok && mask & 0x3F != 0x00 && id.namespace == nil { ok = false }
        if ok && mask & 0x3F <= 0x02 && id.numeric == nil { ok = false }
        if ok && expanded && mask & 0x80 != 0 {
            if let uri = byteString() { id.namespaceURI = uri.text } else { ok = false }
        }
        if ok && expanded && mask & 0x40 != 0 {
            if let index = u32() { id.serverIndex = index } else { ok = false }
        }
        guard ok else {
            cursor = saved
            return nil
        }
        return id
    }

    /// LocalizedText (§5.2.2.14): a mask (0x01 locale, 0x02 text) then the present strings.
    mutating func localizedText() -> OPCUALocalizedText? {
        guard let mask = u8() else { return nil }
        var t = OPCUALocalizedText(mask: mask)
        if mask & 0x01 != 0 {
            guard let l = byteString() else { return nil }
            t.locale = l.text
        }
        if mask & 0x02 != 0 {
            guard let s = byteString() else { return nil }
            t.text = s.text
        }
        return t
    }

    /// ExtensionObject (§5.2.2.15): a type id, an encoding byte (0x01 binary body, 0x02 XML
    /// body) and, when a body is present, its Int32-length-prefixed bytes.
    mutating func extensionObject() -> OPCUAExtensionObject? {
        guard let type = nodeID(expanded: true), let encoding = u8() else { return nil }
        var body: [UInt8]? = nil
        if encoding & 0x03 != 0 {
            guard let b = byteString() else { return nil }
            body = b.bytes ?? []
        }
        return OPCUAExtensionObject(typeID: type, encoding: encoding, body: body)
    }

    /// DiagnosticInfo (§5.2.2.12): read over field by field, inner infos included, to reach
    /// what follows. The inner status codes it carries are appended to `innerCodes` with their
    /// nesting level (0 for the outermost info). Nesting past `depth` levels is treated as
    /// malformed. Returns the outer mask.
    mutating func diagnosticInfo(innerCodes: inout [(level: Int, code: UInt32)], level: Int = 0, depth: Int = 8) -> UInt8? {
        guard depth > 0, let mask = u8() else { return nil }
        for bit: UInt8 in [0x01, 0x02, 0x04, 0x08] where mask & bit != 0 {
            guard skip(4) else { return nil }
        }
        if mask & 0x10 != 0 { guard byteString() != nil else { return nil } }
        if mask & 0x20 != 0 {
            guard let code = u32() else { return nil }
            innerCodes.append((level, code))
        }
        if mask & 0x40 != 0 {
            guard diagnosticInfo(innerCodes: &innerCodes, level: level + 1, depth: depth - 1) != nil else { return nil }
        }
        return mask
    }

    mutating func skipDiagnosticInfo() -> UInt8? {
        var ignored: [(level: Int, code: UInt32)] = []
        return diagnosticInfo(innerCodes: &ignored)
    }

    /// A service response's trailing DiagnosticInfo array (Part 4 §7.8), usually empty; the
    /// inner status codes of its infos go to `innerCodes`. False if it cannot be read.
    mutating func diagnosticInfos(innerCodes: inout [(level: Int, code: UInt32)]) -> Bool {
        array { $0.diagnosticInfo(innerCodes: &innerCodes) } != nil
    }
}
