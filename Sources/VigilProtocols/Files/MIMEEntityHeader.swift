/// What a MIME entity's headers say about its content (RFC 2045 §5–6, RFC 2183): its media
/// type and parameters, transfer encoding and file name.
public struct MIMEEntityHeader: Equatable, Sendable {
    /// The Content-Type value as sent ("text/plain; charset=utf-8"); "text/plain" when absent
    /// (RFC 2045 §5.2).
    public var contentType: String
    public var transferEncoding: String?
    /// Content-Disposition's filename parameter.
    public var filename: String?
    /// How many entities enclose this one (the body itself is 0).
    public var depth: Int
    /// How many entities began before this one in the body (the body itself is 0): Zeek's
    /// SMTP file depth.
    public var ordinal = 0

    public init(contentType: String, transferEncoding: String?, filename: String?, depth: Int) {
        self.contentType = contentType
        self.transferEncoding = transferEncoding
        self.filename = filename
        self.depth = depth
    }

    /// From an entity's header lines (folded lines already joined).
    init(lines: [[UInt8]], depth: Int) {
        var type = "text/plain"
        var encoding: String?
        var filename: String?
        for l in lines {
            guard let colon = l.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: l[..<colon], as: UTF8.self).trimmed.lowercased()
            let value = String(decoding: l[(colon + 1)...], as: UTF8.self).trimmed
            switch name {
            case "content-type": type = value
            case "content-transfer-encoding": encoding = value
            case "content-disposition": filename = Self.parameter("filename", in: value)
            default: break
            }
        }
        self.init(contentType: type, transferEncoding: encoding, filename: filename, depth: depth)
    }

    /// The type and subtype in lower case, without parameters: "multipart/mixed".
    public var mediaType: String { Self.mediaType(contentType) }

    /// A multipart's boundary parameter.
    public var boundary: String? { Self.parameter("boundary", in: contentType) }

    static func mediaType(_ value: String) -> String {
        String(value.prefix { $0 != ";" }).trimmed.lowercased()
    }

    /// A parameter of a header value (RFC 2045 §5.1): `name=token` or `name="quoted string"`,
    /// the name in any case.
    public static func parameter(_ name: String, in value: String) -> String? {
        var rest = Substring(value)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...]
            let item = rest.drop { $0 == " " || $0 == "\t" }
            guard let eq = item.firstIndex(of: "="), item[..<eq].trimmed.lowercased() == name else { continue }
            let raw = item[item.index(after: eq)...].drop { $0 == " " || $0 == "\t" }
            if raw.first == "\"" {
                var out = ""
                var escaped = false
                for c in raw.dropFirst() {
                    if escaped {
                        out.append(c)
                        escaped = false
                    } else if c == "\\" {
                        escaped = true
                    } else if c == "\"" {
                        return out
                    } else {
                        out.append(c)
                    }
                }
                return out
            }
            let token = raw.prefix { $0 != ";" }.trimmed
            return token.isEmpty ? nil : token
        }
        return nil
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmed: String { trimmingCharacters(in: " \t") }
}
