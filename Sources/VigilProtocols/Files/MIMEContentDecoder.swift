/// Undoes a MIME entity's Content-Transfer-Encoding (RFC 2045 §6) line by line: base64 and
/// quoted-printable are decoded, anything else (7bit, 8bit, binary, unknown) passes as it is.
struct MIMEContentDecoder {
    enum Encoding {
        case identity, base64, quotedPrintable

        init(_ header: String?) {
            switch header?.trimmed.lowercased() {
            case "base64": self = .base64
            case "quoted-printable": self = .quotedPrintable
            default: self = .identity
            }
        }
    }

    let encoding: Encoding
    /// Base64 digits of an unfinished 4-digit group, carried to the next line.
    var quantum: [UInt8] = []
    /// A quoted-printable line ended in "=": the break is soft and not content (§6.7 rule 5).
    var softBreak = false

    init(encoding: Encoding) { self.encoding = encoding }

    /// The line break between two content lines, as the content has it.
    mutating func lineBreak(into out: inout [UInt8]) {
        switch encoding {
        case .identity: out += [0x0D, 0x0A]
        case .base64: break  // breaks in base64 text are not content (§6.8)
        case .quotedPrintable:
            if !softBreak { out += [0x0D, 0x0A] }
        }
    }

    mutating func decode(_ line: [UInt8], into out: inout [UInt8]) {
        switch encoding {
        case .identity:
            out += line
        case .base64:
            for c in line {
                guard let v = Base64.value(of: c) else { continue }  // padding, spaces and stray characters
                quantum.append(v)
                if quantum.count == 4 { flushQuantum(into: &out) }
            }
        case .quotedPrintable:
            var l = line[...]
            while let last = l.last, last == 0x20 || last == 0x09 { l = l.dropLast() }  // §6.7 rule 3
            softBreak = l.last == UInt8(ascii: "=")
            if softBreak { l = l.dropLast() }
            var i = l.startIndex
            while i < l.endIndex {
                if l[i] == UInt8(ascii: "="), i + 2 < l.endIndex, let h = Self.hexValue(l[i + 1]), let lo = Self.hexValue(l[i + 2]) {
                    out.append(h << 4 | lo)
                    i += 3
                } else {
                    out.append(l[i])
                    i += 1
                }
            }
        }
    }

    /// Digits left at the end: a final group cut short still gives its whole bytes.
    mutating func finish(into out: inout [UInt8]) {
        if encoding == .base64 && quantum.count >= 2 { flushQuantum(into: &out) }
        quantum.removeAll()
    }

    mutating func flushQuantum(into out: inout [UInt8]) {
        let q = quantum + [UInt8](repeating: 0, count: 4 - quantum.count)
        let bytes = [q[0] << 2 | q[1] >> 4, q[1] << 4 | q[2] >> 2, q[2] << 6 | q[3]]
        out += bytes.prefix(quantum.count - 1)
        quantum.removeAll(keepingCapacity: true)
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
