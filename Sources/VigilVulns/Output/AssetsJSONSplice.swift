import VigilCore

/// assets.json with each asset's `vulnerabilities` value replaced and every other byte kept:
/// the keys stay in the order `vigil analyze` wrote them, and no tree of Foundation objects is
/// built and sorted for a large inventory (that took most of a 10,000-device `vulns match`).
///
/// A small scanner over RFC 8259 JSON: it walks the top object to `assets`, and in each
/// element of that array finds the top-level `vulnerabilities` member, whose value it
/// replaces, or before whose closing brace it adds one.
struct AssetsJSONSplice {
    private let text: [UInt8]
    private var i = 0
    private var out: [UInt8] = []
    private let path: String

    /// `replacements[n]` is the JSON text of asset n's new `vulnerabilities` value; assets
    /// beyond it keep theirs.
    static func splice(_ text: [UInt8], replacements: [[UInt8]], path: String) throws(VigilError) -> [UInt8] {
        var s = AssetsJSONSplice(text: text, path: path)
        try s.top(replacements)
        return s.out
    }

    private init(text: [UInt8], path: String) {
        self.text = text
        self.path = path
        out.reserveCapacity(text.count + text.count / 8)
    }

    private mutating func top(_ replacements: [[UInt8]]) throws(VigilError) {
        try expect(UInt8(ascii: "{"))
        var found = false
        try members { key, s throws(VigilError) in
            guard key == Array("assets".utf8) else { return try s.copyValue() }
            found = true
            try s.assets(replacements)
        }
        guard found else { throw failure("no assets array (is this Vigil's assets.json?)") }
        copyRest()
    }

    private mutating func assets(_ replacements: [[UInt8]]) throws(VigilError) {
        try expect(UInt8(ascii: "["))
        var n = 0
        if try closes(UInt8(ascii: "]")) { return }
        while true {
            try asset(n < replacements.count ? replacements[n] : nil)
            n += 1
            if try closes(UInt8(ascii: "]")) { return }
            try expect(UInt8(ascii: ","))
        }
    }

    private mutating func asset(_ replacement: [UInt8]?) throws(VigilError) {
        skipSpace()
        guard let replacement else { return try copyValue() }
        try expect(UInt8(ascii: "{"))
        var replaced = false
        var empty = true
        try members { key, s throws(VigilError) in
            empty = false
            guard key == Array("vulnerabilities".utf8) else { return try s.copyValue() }
            replaced = true
            s.skipSpace()
            try s.skipValue()
            s.out += replacement
        } beforeClose: { s in
            if !replaced { s.out += Array(((empty ? "" : ",") + "\"vulnerabilities\":").utf8) + replacement }
        }
    }

    /// Copies `{ "key": value, ... }` from after its `{` through its `}`, handing each value to
    /// `value` (which must consume it) after copying its key; `beforeClose` may add members.
    private mutating func members(
        _ value: ([UInt8], inout AssetsJSONSplice) throws(VigilError) -> Void,
        beforeClose: (inout AssetsJSONSplice) -> Void = { _ in }
    ) throws(VigilError) {
        skipSpace()
        if at(UInt8(ascii: "}")) {
            beforeClose(&self)
            return copyByte()
        }
        while true {
            skipSpace()
            let keyStart = i
            try skipString()
            let key = Array(text[(keyStart + 1)..<(i - 1)])
            out += text[keyStart..<i]
            try expect(UInt8(ascii: ":"))
            try value(key, &self)
            skipSpace()
            if at(UInt8(ascii: "}")) {
                beforeClose(&self)
                return copyByte()
            }
            try expect(UInt8(ascii: ","))
        }
    }

    private mutating func copyValue() throws(VigilError) {
        skipSpace()
        let start = i
        try skipValue()
        out += text[start..<i]
    }

    private mutating func skipValue() throws(VigilError) {
        guard i < text.count else { throw failure("a value was expected") }
        switch text[i] {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            // Nested containers are skipped by depth, strings by their quotes.
            var depth = 0
            repeat {
                guard i < text.count else { throw failure("the document ends inside a value") }
                switch text[i] {
                case UInt8(ascii: "\""): try skipString()
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    i += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    i += 1
                default: i += 1
                }
            } while depth > 0
        default:
            // A number, true, false or null: up to the next delimiter.
            let start = i
            while i < text.count, !",}] \t\r\n".utf8.contains(text[i]) { i += 1 }
            if i == start { throw failure("a value was expected") }
        }
    }

    private mutating func skipString() throws(VigilError) {
        guard at(UInt8(ascii: "\"")) else { throw failure("a string was expected") }
        i += 1
        while i < text.count {
            switch text[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""):
                i += 1
                return
            default: i += 1
            }
        }
        throw failure("the document ends inside a string")
    }

    /// Copies white space and `byte`, or fails naming the offset.
    private mutating func expect(_ byte: UInt8) throws(VigilError) {
        skipSpace()
        guard at(byte) else { throw failure("'\(Character(Unicode.Scalar(byte)))' was expected") }
        copyByte()
    }

    /// Whether the next byte after white space is `byte`, copied if so.
    private mutating func closes(_ byte: UInt8) throws(VigilError) -> Bool {
        skipSpace()
        guard at(byte) else { return false }
        copyByte()
        return true
    }

    private func at(_ byte: UInt8) -> Bool { i < text.count && text[i] == byte }

    private mutating func copyByte() {
        out.append(text[i])
        i += 1
    }

    private mutating func skipSpace() {
        let start = i
        while i < text.count, " \t\r\n".utf8.contains(text[i]) { i += 1 }
        out += text[start..<i]
    }

    private mutating func copyRest() { out += text[i...] }

    private func failure(_ what: String) -> VigilError {
        VigilError(.invalidDocument, "at byte \(i): \(what)", source: path)
    }
}
