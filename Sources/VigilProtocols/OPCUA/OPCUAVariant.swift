import VigilCore

/// One value of a Variant (IEC 62541-6 §5.2.2.16), decoded far enough to log it and to read
/// identity out of it. DataValues, Variants and DiagnosticInfos nested in a Variant are
/// stepped over and named only.
enum OPCUAScalar {
    case boolean(Bool)
    case signed(Int64)
    case unsigned(UInt64)
    case real(Double)
    case string(OPCUABytes)
    case dateTime(Timestamp)
    case guid(String)
    case byteString(OPCUABytes)
    case xml(OPCUABytes)
    case nodeID(OPCUANodeID)
    case statusCode(UInt32)
    case qualifiedName(namespace: UInt16, name: OPCUABytes)
    case localizedText(OPCUALocalizedText)
    case extensionObject(OPCUAExtensionObject)
    case nested(typeID: UInt8)

    /// The value as one log string. Numbers in decimal, text as sent, opaque bytes summarised
    /// as ICSNPP does, times as epoch seconds, node ids in the `ns=1;i=5` form of Part 6 §5.3.1.10.
    var text: String {
        switch self {
        case .boolean(let b): return b ? "T" : "F"
        case .signed(let v): return String(v)
        case .unsigned(let v): return String(v)
        case .real(let d): return d.isFinite ? String(d) : d.isNaN ? "NaN" : (d > 0 ? "Infinity" : "-Infinity")
        case .string(let s), .xml(let s): return s.text ?? ""
        case .dateTime(let t): return t.zeekFormatted
        case .guid(let g): return g
        case .byteString(let b): return b.hexSummary ?? ""
        case .nodeID(let n): return n.standardText
        case .statusCode(let c): return Hex.prefixed(UInt64(c), width: 8)
        case .qualifiedName(let ns, let name): return "\(ns):\(name.text ?? "")"
        case .localizedText(let t): return t.text ?? ""
        case .extensionObject(let e): return "ExtensionObject(\(e.typeID.standardText))"
        case .nested(let type): return OPCUAVariant.typeNames[Int(type)]
        }
    }
}

/// A Variant: its built-in type, and one value or an array of them.
struct OPCUAVariant {
    /// The encoding mask: built-in type id in bits 0-5, 0x40 array dimensions, 0x80 array.
    var mask: UInt8
    var values: [OPCUAScalar]
    /// Elements past `maxLoggedElements`, read over but not kept.
    var dropped: Int = 0

    var typeID: UInt8 { mask & 0x3F }
    var isArray: Bool { mask & 0x80 != 0 }

    /// Array elements kept per Variant; a million-element array is read over, not stored.
    static let maxLoggedElements = 64

    /// Built-in type names (§5.1.2, Table 1), by id 0-25.
    static let typeNames = [
        "Null", "Boolean", "SByte", "Byte", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64", "Float", "Double",
        "String", "DateTime", "Guid", "ByteString", "XmlElement", "NodeId", "ExpandedNodeId", "StatusCode",
        "QualifiedName", "LocalizedText", "ExtensionObject", "DataValue", "Variant", "DiagnosticInfo",
    ]

    var typeName: String { Int(typeID) < Self.typeNames.count ? Self.typeNames[Int(typeID)] : "Unknown-\(typeID)" }

    /// Reads a Variant; nil when it is malformed, nests deeper than `depth`, or runs past the end.
    static func read(_ r: inout OPCUAReader, depth: Int = 4) -> OPCUAVariant? {
        guard depth > 0, let mask = r.u8() else { return nil }
        let type = mask & 0x3F
        guard Int(type) < typeNames.count else { return nil }
        var v = OPCUAVariant(mask: mask, values: [])
        if type == 0 { return v }
        if mask & 0x80 != 0 {
            guard let n = r.arrayCount() else { return nil }
            for i in 0..<n {
                guard let x = scalar(type, &r, depth: depth) else { return nil }
                if i < maxLoggedElements { v.values.append(x) } else { v.dropped += 1 }
            }
            if mask & 0x40 != 0 {  // ArrayDimensions: an Int32 array
                guard let dims = r.arrayCount(), r.skip(4 * dims) else { return nil }
            }
        } else {
            guard let x = scalar(type, &r, depth: depth) else { return nil }
            v.values = [x]
        }
        return v
    }

    static func scalar(_ type: UInt8, _ r: inout OPCUAReader, depth: Int) -> OPCUAScalar? {
        switch type {
        case 1: return r.boolean().map { .boolean($0) }
        case 2: return r.u8().map { .signed(Int64(Int8(bitPattern: $0))) }
        case 3: return r.u8().map { .unsigned(UInt64($0)) }
        case 4: return r.u16().map { .signed(Int64(Int16(bitPattern: $0))) }
        case 5: return r.u16().map { .unsigned(UInt64($0)) }
        case 6: return r.i32().map { .signed(Int64($0)) }
        case 7: return r.u32().map { .unsigned(UInt64($0)) }
        case 8: return r.i64().map { .signed($0) }
        case 9: return r.i64().map { .unsigned(UInt64(bitPattern: $0)) }
        case 10: return r.float().map { .real(Double($0)) }
        case 11: return r.double().map { .real($0) }
        case 12: return r.byteString().map { .string($0) }
        case 13: return r.dateTime().map { .dateTime($0) }
        case 14: return r.guid().map { .guid($0) }
        case 15: return r.byteString().map { .byteString($0) }
        case 16: return r.byteString().map { .xml($0) }
        case 17: return r.nodeID().map { .nodeID($0) }
        case 18: return r.nodeID(expanded: true).map { .nodeID($0) }
        case 19: return r.u32().map { .statusCode($0) }
        case 20:
            guard let ns = r.u16(), let name = r.byteString() else { return nil }
            return .qualifiedName(namespace: ns, name: name)
        case 21: return r.localizedText().map { .localizedText($0) }
        case 22: return r.extensionObject().map { .extensionObject($0) }
        case 23: return OPCUADataValue.read(&r, depth: depth - 1).map { _ in .nested(typeID: type) }
        case 24: return read(&r, depth: depth - 1).map { _ in .nested(typeID: type) }
        case 25: return r.skipDiagnosticInfo().map { _ in .nested(typeID: type) }
        default: return nil
        }
    }
}

/// DataValue (§5.2.2.17): a mask, then whichever of value, status and timestamps it names.
struct OPCUADataValue {
    var mask: UInt8
    var value: OPCUAVariant?
    var status: UInt32?
    var sourceTimestamp: Timestamp?
    var sourcePicoseconds: UInt16?
    var serverTimestamp: Timestamp?
    var serverPicoseconds: UInt16?

    static func read(_ r: inout OPCUAReader, depth: Int = 4) -> OPCUADataValue? {
        guard let mask = r.u8() else { return nil }
        var d = OPCUADataValue(mask: mask)
        if mask & 0x01 != 0 {
            guard let v = OPCUAVariant.read(&r, depth: depth) else { return nil }
            d.value = v
        }
        if mask & 0x02 != 0 {
            guard let s = r.u32() else { return nil }
            d.status = s
        }
        if mask & 0x04 != 0 {
            guard let t = r.dateTime() else { return nil }
            d.sourceTimestamp = t
        }
        if mask & 0x10 != 0 {
            guard let p = r.u16() else { return nil }
            d.sourcePicoseconds = p
        }
        if mask & 0x08 != 0 {
            guard let t = r.dateTime() else { return nil }
            d.serverTimestamp = t
        }
        if mask & 0x20 != 0 {
            guard let p = r.u16() else { return nil }
            d.serverPicoseconds = p
        }
        return d
    }
}
