import VigilCore

/// A CoAP message (RFC 7252 §3): 4-octet header, token, options, optional payload.
public struct CoAPMessage {
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

    public static let types: [LogName] = ["CON", "NON", "ACK", "RST"]

    /// Request methods (RFC 7252 §12.1.1, RFC 8132 FETCH/PATCH/iPATCH).
    public static func method(_ detail: UInt8) -> LogName? {
        switch detail {
        case 1: return "GET"
        case 2: return "POST"
        case 3: return "PUT"
        case 4: return "DELETE"
        case 5: return "FETCH"
        case 6: return "PATCH"
        case 7: return "iPATCH"
        default: return nil
        }
    }

    /// Response codes (RFC 7252 §12.1.2, RFC 7959 §2.9, RFC 8132 §6).
    public static func response(_ code: UInt16) -> LogName? {
        switch code {
        case 0x0201: return "Created"
        case 0x0202: return "Deleted"
        case 0x0203: return "Valid"
        case 0x0204: return "Changed"
        case 0x0205: return "Content"
        case 0x021F: return "Continue"
        case 0x0400: return "Bad Request"
        case 0x0401: return "Unauthorized"
        case 0x0402: return "Bad Option"
        case 0x0403: return "Forbidden"
        case 0x0404: return "Not Found"
        case 0x0405: return "Method Not Allowed"
        case 0x0406: return "Not Acceptable"
        case 0x0408: return "Request Entity Incomplete"
        case 0x0409: return "Conflict"
        case 0x040C: return "Precondition Failed"
        case 0x040D: return "Request Entity Too Large"
        case 0x040F: return "Unsupported Content-Format"
        case 0x0416: return "Unprocessable Entity"
        case 0x0500: return "Internal Server Error"
        case 0x0501: return "Not Implemented"
        case 0x0502: return "Bad Gateway"
        case 0x0503: return "Service Unavailable"
        case 0x0504: return "Gateway Timeout"
        case 0x0505: return "Proxying Not Supported"
        default: return nil
        }
    }

    /// "c.dd" as RFC 7252 writes codes.
    var code: String { withCodeText { String(decoding: $0, as: UTF8.self) } }

    /// The code's text, and after it a space and `name` when one is given (coap.log's
    /// `status`), as bytes valid inside `body`: written on the stack, since every coap.log
    /// row has one and building Strings for it cost ~1,700 instructions a message.
    func withCodeText<R>(then name: LogName? = nil, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        Self.withCodeText(codeClass: codeClass, codeDetail: codeDetail, then: name, body)
    }

    /// The same for a code given by its class and detail.
    public static func withCodeText<R>(
        codeClass: UInt8, codeDetail: UInt8, then name: LogName? = nil, _ body: (UnsafeRawBufferPointer) -> R
    )
        -> R
    {
        withUnsafeTemporaryAllocation(byteCount: 5 + (name?.text.count ?? 0), alignment: 1) { buffer in
            // The class is 3 bits and the detail 5 bits (§3): always one digit, a dot, two digits.
            buffer[0] = UInt8(ascii: "0") + codeClass
            buffer[1] = UInt8(ascii: ".")
            buffer[2] = UInt8(ascii: "0") + codeDetail / 10
            buffer[3] = UInt8(ascii: "0") + codeDetail % 10
            guard let name else { return body(UnsafeRawBufferPointer(rebasing: buffer[0..<4])) }
            buffer[4] = UInt8(ascii: " ")
            UnsafeMutableRawBufferPointer(rebasing: buffer[5...]).copyMemory(from: name.text)
            return body(UnsafeRawBufferPointer(buffer))
        }
    }

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
    public static func block(_ v: UInt32) -> String { "\(v >> 4)/\(v >> 3 & 1)/\(1 << ((v & 7) + 4))" }
}
