import VigilCore

/// A String or ByteString as read off the wire: nil bytes for the null value (length -1),
/// which OPC UA distinguishes from an empty one.
struct OPCUABytes: Equatable {
    var bytes: [UInt8]?

    init(_ bytes: [UInt8]?) { self.bytes = bytes }

    var isNull: Bool { bytes == nil }

    /// UTF-8 text (Part 6 §5.2.2.4), escaped where not printable; nil when null.
    var text: String? { bytes.map { BytesText.text($0) } }

    /// The bytes as a raw string with Zeek's escaping, "" when null: how ICSNPP writes nonces in
    /// its secure-channel log.
    var escaped: String { bytes.map { BytesText.escaped($0) } ?? "" }

    /// ICSNPP's summary of opaque data (certificates, nonces, signatures): `0x` and the first 24
    /// bytes in hex, then `...` if there were more; nil when null.
    var hexSummary: String? {
        guard let b = bytes else { return nil }
        return "0x" + Hex.string(b.prefix(24)) + (b.count > 24 ? "..." : "")
    }

    /// The length as the wire gives it: -1 for null.
    var wireLength: Int64 { bytes.map { Int64($0.count) } ?? -1 }
}

/// A NodeId or ExpandedNodeId (Part 6 §5.2.2.9-10): the encoding byte and whichever
/// identifier form it selects.
struct OPCUANodeID: Equatable {
    var encoding: UInt8
    /// Absent in the two-byte form, which has no namespace.
    var namespace: UInt16?
    var numeric: UInt32?
    var string: String?
    var guid: String?
    var opaque: String?
    var namespaceURI: String?
    var serverIndex: UInt32?

    init(encoding: UInt8) { self.encoding = encoding }

    /// The encoding byte as ICSNPP writes it: `0x` and two hex digits.
    var encodingText: String { Hex.prefixed(UInt64(encoding), width: 2) }

    /// Guid (§5.2.2.6): Data1 UInt32, Data2 and Data3 UInt16, all little-endian, then Data4's
    /// eight bytes in order; written in the canonical 8-4-4-4-12 form, as Wireshark shows it.
    static func guidText(_ b: UnsafeRawBufferPointer) -> String {
        [
            Hex.string(b[0..<4].reversed()), Hex.string(b[4..<6].reversed()), Hex.string(b[6..<8].reversed()),
            Hex.string(b[8..<10]), Hex.string(b[10..<16]),
        ].joined(separator: "-")
    }

    /// The string form of Part 6 §5.3.1.10: `i=2253`, `ns=1;s=Tank.Level`, `g=…`, `b=0x…`
    /// (namespace 0 is left out, as the spec allows).
    var standardText: String {
        let ns = namespace.map { $0 == 0 ? "" : "ns=\($0);" } ?? ""
        if let numeric { return ns + "i=\(numeric)" }
        if let string { return ns + "s=" + string }
        if let guid { return ns + "g=" + guid }
        return ns + "b=" + (opaque ?? "")
    }

    /// The six values ICSNPP logs for a NodeId: encoding, namespace, numeric, string, guid, opaque.
    func logValues(encodingAsText: Bool) -> [LogValue] {
        [
            encodingAsText ? .string(encodingText) : .count(encoding), .optional(namespace), .optional(numeric),
            .optional(string), .optional(guid), .optional(opaque),
        ]
    }
}

/// LocalizedText (§5.2.2.14).
struct OPCUALocalizedText: Equatable {
    var mask: UInt8
    var locale: String?
    var text: String?
}

/// ExtensionObject (§5.2.2.15): the body stays encoded until a caller knows its type.
struct OPCUAExtensionObject {
    var typeID: OPCUANodeID
    var encoding: UInt8
    var body: [UInt8]?
}
