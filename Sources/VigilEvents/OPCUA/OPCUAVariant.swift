import VigilCore

/// One value of a Variant (IEC 62541-6 §5.2.2.16), decoded far enough to log it and to read
/// identity out of it. DataValues, Variants and DiagnosticInfos nested in a Variant are
/// stepped over and named only.
public enum OPCUAScalar: Sendable {
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
    public var text: String {
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
public struct OPCUAVariant: Sendable {
    /// The encoding mask: built-in type id in bits 0-5, 0x40 array dimensions, 0x80 array.
    public var mask: UInt8
    public var values: [OPCUAScalar]
    /// Elements past `maxLoggedElements`, read over but not kept.
    public var dropped: Int = 0

    public var typeID: UInt8 { mask & 0x3F }
    public var isArray: Bool { mask & 0x80 != 0 }

    /// Array elements kept per Variant; a million-element array is read over, not stored.
    public static let maxLoggedElements = 64

    /// Built-in type names (§5.1.2, Table 1), by id 0-25.
    public static let typeNames = [
        "Null", "Boolean", "SByte", "Byte", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64", "Float", "Double",
        "String", "DateTime", "Guid", "ByteString", "XmlElement", "NodeId", "ExpandedNodeId", "StatusCode",
        "QualifiedName", "LocalizedText", "ExtensionObject", "DataValue", "Variant", "DiagnosticInfo",
    ]

    public var typeName: String { Int(typeID) < Self.typeNames.count ? Self.typeNames[Int(typeID)] : "Unknown-\(typeID)" }

    public init(mask: UInt8, values: [OPCUAScalar], dropped: Int = 0) {
        self.mask = mask
        self.values = values
        self.dropped = dropped
    }
}

/// DataValue (§5.2.2.17): a mask, then whichever of value, status and timestamps it names.
public struct OPCUADataValue: Sendable {
    public var mask: UInt8
    public var value: OPCUAVariant?
    public var status: UInt32?
    public var sourceTimestamp: Timestamp?
    public var sourcePicoseconds: UInt16?
    public var serverTimestamp: Timestamp?
    public var serverPicoseconds: UInt16?

    public init(
        mask: UInt8, value: OPCUAVariant? = nil, status: UInt32? = nil, sourceTimestamp: Timestamp? = nil, sourcePicoseconds: UInt16? = nil,
        serverTimestamp: Timestamp? = nil, serverPicoseconds: UInt16? = nil
    ) {
        self.mask = mask
        self.value = value
        self.status = status
        self.sourceTimestamp = sourceTimestamp
        self.sourcePicoseconds = sourcePicoseconds
        self.serverTimestamp = serverTimestamp
        self.serverPicoseconds = serverPicoseconds
    }
}
