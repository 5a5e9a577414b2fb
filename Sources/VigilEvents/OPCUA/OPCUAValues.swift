import VigilCore

/// A String or ByteString as read off the wire: nil bytes for the null value (length -1),
/// which OPC UA distinguishes from an empty one.
public struct OPCUABytes: Equatable, Sendable {
    public var bytes: [UInt8]?

    public init(_ bytes: [UInt8]?) { self.bytes = bytes }

    public var isNull: Bool { bytes == nil }

    /// UTF-8 text (Part 6 §5.2.2.4), escaped where not printable; nil when null.
    public var text: String? { bytes.map { BytesText.text($0) } }

    /// The bytes as a raw string with Zeek's escaping, "" when null: how ICSNPP writes nonces in
    /// its secure-channel log.
    public var escaped: String { bytes.map { BytesText.escaped($0) } ?? "" }

    /// ICSNPP's summary of opaque data (certificates, nonces, signatures): `0x` and the first 24
    /// bytes in hex, then `...` if there were more; nil when null.
    public var hexSummary: String? {
        guard let b = bytes else { return nil }
        return "0x" + Hex.string(b.prefix(24)) + (b.count > 24 ? "..." : "")
    }

    /// The length as the wire gives it: -1 for null.
    public var wireLength: Int64 { bytes.map { Int64($0.count) } ?? -1 }
}

/// A NodeId or ExpandedNodeId (Part 6 §5.2.2.9-10): the encoding byte and whichever
/// identifier form it selects.
public struct OPCUANodeID: Equatable, Sendable {
    public var encoding: UInt8
    /// Absent in the two-byte form, which has no namespace.
    public var namespace: UInt16?
    public var numeric: UInt32?
    public var string: String?
    public var guid: String?
    public var opaque: String?
    public var namespaceURI: String?
    public var serverIndex: UInt32?

    public init(encoding: UInt8) { self.encoding = encoding }

    /// The encoding byte as ICSNPP writes it: `0x` and two hex digits.
    public var encodingText: String { Hex.prefixed(UInt64(encoding), width: 2) }

    /// Guid (§5.2.2.6): Data1 UInt32, Data2 and Data3 UInt16, all little-endian, then Data4's
    /// eight bytes in order; written in the canonical 8-4-4-4-12 form, as Wireshark shows it.
    public static func guidText(_ b: UnsafeRawBufferPointer) -> String { Hex.guid(b, littleEndian: true) }

    /// The string form of Part 6 §5.3.1.10: `i=2253`, `ns=1;s=Tank.Level`, `g=…`, `b=0x…`
    /// (namespace 0 is left out, as the spec allows).
    public var standardText: String {
        let ns = namespace.map { $0 == 0 ? "" : "ns=\($0);" } ?? ""
        if let numeric { return ns + "i=\(numeric)" }
        if let string { return ns + "s=" + string }
        if let guid { return ns + "g=" + guid }
        return ns + "b=" + (opaque ?? "")
    }
}

/// LocalizedText (§5.2.2.14).
public struct OPCUALocalizedText: Equatable, Sendable {
    public var mask: UInt8
    public var locale: String?
    public var text: String?

    public init(mask: UInt8, locale: String? = nil, text: String? = nil) {
        self.mask = mask
        self.locale = locale
        self.text = text
    }
}

/// ExtensionObject (§5.2.2.15): the body stays encoded until a caller knows its type.
public struct OPCUAExtensionObject: Sendable {
    public var typeID: OPCUANodeID
    public var encoding: UInt8
    public var body: [UInt8]?

    public init(typeID: OPCUANodeID, encoding: UInt8, body: [UInt8]? = nil) {
        self.typeID = typeID
        self.encoding = encoding
        self.body = body
    }
}
