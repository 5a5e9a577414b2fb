import SwiftASN1
import VigilCore
import X509

/// A name as OpenSSL prints it for Zeek (`X509_NAME_print_ex` with `XN_FLAG_RFC2253` less
/// `ASN1_STRFLGS_ESC_MSB`): the last RDN first, RDNs joined by ",", the attributes of one RDN
/// by "+", each as short name "=" value, values escaped as RFC 2253 §2.4 asks, characters beyond
/// ASCII left as UTF-8.
enum DistinguishedNameText {
    static func render(_ name: DistinguishedName) -> String {
        name.reversed().map { rdn in
            rdn.map { a in
                let oid = a.type.description
                return "\(X509Names.attributes[oid] ?? oid)=\(value(a.value))"
            }.joined(separator: "+")
        }.joined(separator: ",")
    }

    /// An attribute's value as text: the string types as they are, others (BMPString,
    /// TeletexString, a non-string) as "#" and the hex of their DER bytes, as OpenSSL dumps them.
    static func value(_ v: RelativeDistinguishedName.Attribute.Value) -> String {
        if let s = String(v) { return escaped(s) }
        let any = ASN1Any(v)
        if let node = try? DER.parse(Array(any.serializedBytes)) {
            if node.identifier == .teletexString, case .primitive(let bytes) = node.content {
                return escaped(String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) })))
            }
            if node.identifier == .bmpString, case .primitive(let bytes) = node.content, bytes.count % 2 == 0 {
                let units = stride(from: bytes.startIndex, to: bytes.endIndex, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
                return escaped(String(decoding: units, as: UTF16.self))
            }
        }
        return "#" + Hex.string(any.serializedBytes).uppercased()
    }

    /// RFC 2253 §2.4: `,+"\<>;` escaped with a backslash, a leading "#" or space and a trailing
    /// space too; control characters as a backslash and two hex digits (`ASN1_STRFLGS_ESC_CTRL`).
    static func escaped(_ s: String) -> String {
        var out = ""
        let scalars = Array(s.unicodeScalars)
        for (i, c) in scalars.enumerated() {
            switch c {
            case ",", "+", "\"", "\\", "<", ">", ";": out += "\\\(c)"
            case "#" where i == 0, " " where i == 0 || i == scalars.count - 1: out += "\\\(c)"
            case _ where c.value < 0x20 || c.value == 0x7F: out += "\\" + Hex.string([UInt8(c.value)]).uppercased()
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

extension ASN1Any {
    /// The value's whole DER encoding (tag, length, content).
    fileprivate var serializedBytes: [UInt8] {
        var serializer = DER.Serializer()
        try? serializer.serialize(self)
        return serializer.serializedBytes
    }
}
