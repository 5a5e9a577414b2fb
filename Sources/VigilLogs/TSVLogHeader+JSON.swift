import VigilCore

extension TSVLogHeader {
    /// One data row as the JSON object Zeek's JSON writer would have written for it: fields in
    /// column order under their full names (`id.orig_h`), unset ones left out, numbers and
    /// Booleans as JSON numbers and Booleans, sets and vectors as arrays (`(empty)` as `[]`),
    /// and text with Zeek's `\xNN` escapes read back into bytes; bytes that are not UTF-8 are
    /// written as `\\xNN`, as Zeek's JSON writer does.
    public func jsonObject(_ line: Substring) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        let columns = line.split(separator: Character(Unicode.Scalar(separator)), omittingEmptySubsequences: false)
        var first = true
        for (i, column) in columns.enumerated() where i < fields.count && column != unsetField {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            TextBytes.appendJSONString(fields[i], to: &out)
            out.append(UInt8(ascii: ":"))
            let type = i < types.count ? types[i] : "string"
            if type.hasPrefix("set[") || type.hasPrefix("vector[") {
                let element = String(type.drop(while: { $0 != "[" }).dropFirst().dropLast())
                out.append(UInt8(ascii: "["))
                if column != emptyField {
                    for (j, item) in column.split(separator: setSeparator, omittingEmptySubsequences: false).enumerated() {
                        if j > 0 { out.append(UInt8(ascii: ",")) }
                        Self.appendValue(item, type: element, to: &out)
                    }
                }
                out.append(UInt8(ascii: "]"))
            } else if column == emptyField && type == "string" {
                out += [UInt8(ascii: "\""), UInt8(ascii: "\"")]
            } else {
                Self.appendValue(column, type: type, to: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    static func appendValue(_ text: Substring, type: String, to out: inout [UInt8]) {
        switch type {
        case "count", "int", "double", "port", "time", "interval":
            // Zeek writes numbers in JSON's own form; anything else (inf, nan) stays text.
            if isJSONNumber(text.utf8) { out += Array(text.utf8) } else { appendJSONBytes(Array(text.utf8), to: &out) }
        case "bool" where text == "T" || text == "F":
            out += Array((text == "T" ? "true" : "false").utf8)
        default:
            appendJSONBytes(unescaped(text.utf8), to: &out)
        }
    }

    /// The bytes behind Zeek's `\xNN` escapes (any other backslash is kept as it is).
    static func unescaped(_ text: Substring.UTF8View) -> [UInt8] {
        let bytes = Array(text)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\"), i + 3 < bytes.count, bytes[i + 1] == UInt8(ascii: "x"),
                let high = Hex.nibble(bytes[i + 2]), let low = Hex.nibble(bytes[i + 3])
            {
                out.append(high << 4 | low)
                i += 4
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    /// A JSON string of `bytes`: UTF-8 sequences as they are (escaped where RFC 8259 §7 asks),
    /// any byte that starts no valid sequence as the text `\xNN`.
    static func appendJSONBytes(_ bytes: [UInt8], to out: inout [UInt8]) {
        if let text = String(validating: bytes, as: UTF8.self) { return TextBytes.appendJSONString(text, to: &out) }
        var text = ""
        var i = 0
        while i < bytes.count {
            // The length the lead byte announces (RFC 3629 §4); the slice is then checked whole.
            let lead = bytes[i]
            let length =
                lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0
            if length > 0, i + length <= bytes.count, let scalar = String(validating: bytes[i..<i + length], as: UTF8.self) {
                text += scalar
                i += length
            } else {
                text += "\\x" + Hex.byte(lead)
                i += 1
            }
        }
        TextBytes.appendJSONString(text, to: &out)
    }

    /// RFC 8259 §6: `-`? (`0` | [1-9][0-9]*) (`.` [0-9]+)? ([eE] [+-]? [0-9]+)?
    static func isJSONNumber(_ text: Substring.UTF8View) -> Bool {
        var bytes = Array(text)[...]
        func digits() -> Int {
            let n = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
            bytes = bytes.dropFirst(n)
            return n
        }
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        if bytes.first == UInt8(ascii: "0") {
            bytes = bytes.dropFirst()
        } else if digits() == 0 {
            return false
        }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            if digits() == 0 { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            if digits() == 0 { return false }
        }
        return bytes.isEmpty
    }
}
