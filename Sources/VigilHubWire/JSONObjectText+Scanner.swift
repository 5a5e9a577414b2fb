extension JSONObjectText {
    /// Walks JSON text by RFC 8259's grammar (section numbers beside each rule), reporting
    /// where values are without making them. Every method leaves `position` just past what it
    /// read, or returns nil at the first byte that breaks the grammar.
    struct Scanner {
        let bytes: [UInt8]
        var position = 0

        init(bytes: [UInt8], position: Int = 0) {
            self.bytes = bytes
            self.position = position
        }

        var atEnd: Bool { position >= bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[position] }

        /// §2: insignificant white space is space, tab, line feed and carriage return.
        mutating func skipSpace() {
            while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
        }

        mutating func expect(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            position += 1
            return true
        }

        /// §4: `{` members separated by `,` `}`, a member being a string, `:` and a value.
        /// The members are kept for `keepLevels` levels of objects (none when 0); deeper ones
        /// are just read.
        mutating func object(depth: Int, keepLevels: Int) -> [Member]? {
            guard depth <= JSONObjectText.maximumDepth, expect(UInt8(ascii: "{")) else { return nil }
            var members: [Member] = []
            skipSpace()
            if expect(UInt8(ascii: "}")) { return members }
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\""), let (name, nameHasEscapes) = string() else { return nil }
                skipSpace()
                guard expect(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                let start = position
                guard let (kind, inner) = value(depth: depth, keepLevels: keepLevels - 1) else { return nil }
                if keepLevels > 0 {
                    members.append(Member(name: name, nameHasEscapes: nameHasEscapes, kind: kind, value: start..<position, members: inner))
                }
                skipSpace()
                if expect(UInt8(ascii: ",")) { continue }
                return expect(UInt8(ascii: "}")) ? members : nil
            }
        }

        /// §5: `[` values separated by `,` `]`.
        mutating func array(depth: Int) -> Bool {
            guard depth <= JSONObjectText.maximumDepth, expect(UInt8(ascii: "[")) else { return false }
            skipSpace()
            if expect(UInt8(ascii: "]")) { return true }
            while true {
                skipSpace()
                guard value(depth: depth, keepLevels: 0) != nil else { return false }
                skipSpace()
                if expect(UInt8(ascii: ",")) { continue }
                return expect(UInt8(ascii: "]"))
            }
        }

        /// §3: an object, array, number, string, or one of the literals false, null and true;
        /// an object's members too, when `keepLevels` asks for them.
        mutating func value(depth: Int, keepLevels: Int) -> (Kind, [Member]?)? {
            guard let byte = peek else { return nil }
            let kind: Kind?
            switch byte {
            case UInt8(ascii: "{"):
                guard let members = object(depth: depth + 1, keepLevels: keepLevels) else { return nil }
                return (.object, keepLevels > 0 ? members : nil)
            case UInt8(ascii: "["): kind = array(depth: depth + 1) ? .array : nil
            case UInt8(ascii: "\""): kind = string() != nil ? .string : nil
            case UInt8(ascii: "t"): kind = literal("true") ? .literal : nil
            case UInt8(ascii: "f"): kind = literal("false") ? .literal : nil
            case UInt8(ascii: "n"): kind = literal("null") ? .literal : nil
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): kind = number() ? .number : nil
            default: kind = nil
            }
            return kind.map { ($0, nil) }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            let matches = word.withUTF8Buffer { bytes[position..<(position + count)].elementsEqual($0) }
            if matches { position += count }
            return matches
        }

        /// §6: `-`? then `0` or a digit 1-9 and more digits, then an optional fraction
        /// (`.` and digits) and exponent (`e` or `E`, a sign, digits). §9 lets a reader limit
        /// the range: a number beyond a Double's is refused, as Foundation refuses it, since
        /// whatever reads the stored row next would have to give it some other value.
        mutating func number() -> Bool {
            let start = position
            guard numberGrammar() else { return false }
            let hasExponent = bytes[start..<position].contains { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
            guard hasExponent || position - start > 308 else { return true }
            return Double(String(decoding: bytes[start..<position], as: UTF8.self))?.isFinite ?? false
        }

        mutating func numberGrammar() -> Bool {
            _ = expect(UInt8(ascii: "-"))
            if !expect(UInt8(ascii: "0")) {
                guard digits() else { return false }
            }
            if expect(UInt8(ascii: ".")) {
                guard digits() else { return false }
            }
            if expect(UInt8(ascii: "e")) || expect(UInt8(ascii: "E")) {
                if !expect(UInt8(ascii: "+")) { _ = expect(UInt8(ascii: "-")) }
                guard digits() else { return false }
            }
            return true
        }

        /// One digit or more.
        mutating func digits() -> Bool {
            let start = position
            while let byte = peek, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { position += 1 }
            return position > start
        }

        /// §7: a quoted run of characters; no raw control character (below U+0020), and a
        /// backslash only before `"` `\` `/` `b` `f` `n` `r` `t`, or `u` and four hex digits.
        /// Returns the content's range (between the quotes) and whether it holds an escape.
        mutating func string() -> (Range<Int>, Bool)? {
            guard expect(UInt8(ascii: "\"")) else { return nil }
            let start = position
            var hasEscapes = false
            while let byte = peek {
                switch byte {
                case UInt8(ascii: "\""):
                    position += 1
                    return (start..<(position - 1), hasEscapes)
                case UInt8(ascii: "\\"):
                    hasEscapes = true
                    position += 1
                    guard let escaped = peek else { return nil }
                    position += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                        UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        continue
                    case UInt8(ascii: "u"):
                        for _ in 0..<4 {
                            guard let digit = peek, digit.isHexDigit else { return nil }
                            position += 1
                        }
                    default:
                        return nil
                    }
                case 0x00..<0x20:
                    return nil
                default:
                    position += 1
                }
            }
            return nil
        }
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9")) || (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "f"))
            || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "F"))
    }
}
