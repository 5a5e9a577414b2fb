/// An HTML form's fields as a browser posts them (`application/x-www-form-urlencoded`, the
/// WHATWG URL standard's serialisation): `name=value` pairs joined by `&`, `+` for a space and
/// `%XX` for any other byte. A name given twice keeps its first value.
enum FormBody {
    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count == 2 ? decode(parts[1]) : "" }
        }
        return fields
    }

    static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var i = text.utf8.startIndex
        let utf8 = text.utf8
        while i != utf8.endIndex {
            let byte = utf8[i]
            if byte == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if byte == UInt8(ascii: "%"), let hi = utf8.index(i, offsetBy: 1, limitedBy: utf8.endIndex),
                let lo = utf8.index(i, offsetBy: 2, limitedBy: utf8.endIndex), lo != utf8.endIndex,
                let h = hexValue(utf8[hi]), let l = hexValue(utf8[lo])
            {
                bytes.append(h << 4 | l)
                i = lo
            } else {
                bytes.append(byte)
            }
            i = utf8.index(after: i)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
