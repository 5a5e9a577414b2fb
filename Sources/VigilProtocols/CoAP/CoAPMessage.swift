import VigilCore

/// A CoAP message (RFC 7252 §3): 4-octet header, token, options, optional payload.
struct CoAPMessage {
    var type: UInt8
    var codeClass: UInt8
    var codeDetail: UInt8
    var messageID: UInt16
    var token: UnsafeRawBufferPointer.SubSequence
    var uriHost: String?
    var uriPort: UInt32?
    var uriPath: [String] = []
    var uriQuery: [String] = []
    var contentFormat: UInt32?
    var observe: UInt32?
    var block1: UInt32?
    var block2: UInt32?
    var optionCount = 0
    var payloadLength = 0

    enum Failure: Error, Equatable {
        case truncatedHeader
        case invalidVersion(UInt8)
        case invalidTokenLength(UInt8)
        case malformedOptions(offset: Int)
    }

    static let types = ["CON", "NON", "ACK", "RST"]

    /// Request methods (RFC 7252 §12.1.1, RFC 8132 FETCH/PATCH/iPATCH).
    static let methods: [UInt8: String] = [1: "GET", 2: "POST", 3: "PUT", 4: "DELETE", 5: "FETCH", 6: "PATCH", 7: "iPATCH"]

    /// Response codes (RFC 7252 §12.1.2, RFC 7959 §2.9, RFC 8132 §6).
    static let responses: [UInt16: String] = [
        0x0201: "Created", 0x0202: "Deleted", 0x0203: "Valid", 0x0204: "Changed", 0x0205: "Content", 0x021F: "Continue",
        0x0400: "Bad Request", 0x0401: "Unauthorized", 0x0402: "Bad Option", 0x0403: "Forbidden", 0x0404: "Not Found",
        0x0405: "Method Not Allowed", 0x0406: "Not Acceptable", 0x0408: "Request Entity Incomplete", 0x0409: "Conflict",
        0x040C: "Precondition Failed", 0x040D: "Request Entity Too Large", 0x040F: "Unsupported Content-Format",
        0x0416: "Unprocessable Entity", 0x0500: "Internal Server Error", 0x0501: "Not Implemented", 0x0502: "Bad Gateway",
        0x0503: "Service Unavailable", 0x0504: "Gateway Timeout", 0x0505: "Proxying Not Supported",
    ]

    /// "c.dd" as RFC 7252 writes codes.
    var code: String { "\(codeClass).\(codeDetail < 10 ? "0" : "")\(codeDetail)" }

    var isRequest: Bool { codeClass == 0 && codeDetail != 0 }

    static func parse(_ b: UnsafeRawBufferPointer, maxText: Int) -> Result<CoAPMessage, Failure> {
        guard b.count >= 4 else { return .failure(.truncatedHeader) }
        guard b[0] >> 6 == 1 else { return .failure(.invalidVersion(b[0] >> 6)) }
        let tkl = Int(b[0] & 0x0F)
        guard tkl <= 8 else { return .failure(.invalidTokenLength(UInt8(tkl))) }  // 9-15 reserved (§3)
        guard 4 + tkl <= b.count else { return .failure(.truncatedHeader) }
        var m = CoAPMessage(
            type: (b[0] >> 4) & 0x03, codeClass: b[1] >> 5, codeDetail: b[1] & 0x1F, messageID: ByteReader.u16(b, 2),
            token: b[4..<(4 + tkl)])
        var o = 4 + tkl
        var number: UInt32 = 0
        while o < b.count {
            if b[o] == 0xFF {  // payload marker; a marker with no payload is a format error (§3)
                guard o + 1 < b.count else { return .failure(.malformedOptions(offset: o)) }
                m.payloadLength = b.count - o - 1
                break
            }
            let start = o
            var delta = UInt32(b[o] >> 4)
            var length = Int(b[o] & 0x0F)
            o += 1
            // Extended delta and length (§3.1): 13 → one more octet + 13, 14 → two octets + 269, 15 reserved.
            func extended(_ v: inout UInt32) -> Bool {
                switch v {
                case 13:
                    guard o < b.count else { return false }
                    v = UInt32(b[o]) + 13
                    o += 1
                case 14:
                    guard o + 2 <= b.count else { return false }
                    v = UInt32(ByteReader.u16(b, o)) + 269
                    o += 2
                case 15: return false
                default: break
                }
                return true
            }
            var len32 = UInt32(length)
            guard extended(&delta), extended(&len32) else { return .failure(.malformedOptions(offset: start)) }
            length = Int(len32)
            guard length <= b.count - o else { return .failure(.malformedOptions(offset: start)) }
            number += delta
            let value = UnsafeRawBufferPointer(rebasing: b[o..<(o + length)])
            m.option(number, value, maxText: maxText)
            o += length
        }
        return .success(m)
    }

    /// Options this log records (§5.10, RFC 7641 Observe, RFC 7959 Block1/Block2).
    mutating func option(_ number: UInt32, _ v: UnsafeRawBufferPointer, maxText: Int) {
        optionCount += 1
        func uint() -> UInt32 { v.prefix(4).reduce(0) { $0 << 8 | UInt32($1) } }
        func text() -> String { BytesText.escaped(v, limit: maxText) }
        switch number {
        case 3: uriHost = text()
        case 6: observe = uint()
        case 7: uriPort = uint()
        case 11: uriPath.append(text())
        case 12: contentFormat = uint()
        case 15: uriQuery.append(text())
        case 23: block2 = uint()
        case 27: block1 = uint()
        default: break
        }
    }

    /// Block option value as "NUM/M/SZX-size" (RFC 7959 §2.2): block number, more flag, size.
    static func block(_ v: UInt32) -> String { "\(v >> 4)/\(v >> 3 & 1)/\(1 << ((v & 7) + 4))" }
}
