#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads one Zeek JSON log row (`{"ts":…,"uid":…}` on one line) into an `EventRecord`.
///
/// Written here rather than going through Foundation's JSONSerialization because it is the
/// hot path of `vigil detect`: rows are flat objects of strings, numbers, Booleans and arrays,
/// and reading them straight into `FieldValue`s avoids building an `NSDictionary` per row.
/// Nested objects (a writer that nests `id`) are flattened to dotted names, as Zeek names them.
public struct JSONRowParser {
    public struct Failure: Error, Sendable {
        /// Offset of the byte at fault within the line.
        public let offset: Int
        public let expected: String
    }

    /// The fields rows are read for (`FieldSelection`); the others are stepped over without
    /// being turned into values, and still checked for well-formedness.
    let fields: FieldSelection

    public init(fields: FieldSelection = .everything) {
        self.fields = fields
    }

    public func parse(_ line: UnsafeRawBufferPointer, log: String) throws(Failure) -> EventRecord {
        if !fields.all, let record = try lookUp(line, log: log) { return record }
        var cursor = Cursor(bytes: line)
        var record = EventRecord(log: log)
        cursor.skipSpace()
        try readObject(&cursor, prefix: "", into: &record)
        cursor.skipSpace()
        guard cursor.atEnd else { throw Failure(offset: cursor.at, expected: "end of row after the object") }
        return record
    }

    public func parse(_ line: String, log: String) throws(Failure) -> EventRecord {
        let bytes = Array(line.utf8)
        let result = bytes.withUnsafeBytes { u in Result { () throws(Failure) -> EventRecord in try parse(u, log: log) } }
        return try result.get()
    }

    /// The selected fields of a compact, flat row (as Zeek and Vigil write them: no space
    /// after a colon, no nested object), each found by searching for `"name":` rather than
    /// walking the row: a row some rule reads is mostly fields no rule tests. Nil for a row of
    /// another form, which is walked instead.
    ///
    /// In a row of that form `"name":` can only open a field: a quote inside a string is
    /// escaped (`\"`), so the pattern preceded by `{` or `,` cannot occur inside a value.
    private func lookUp(_ line: UnsafeRawBufferPointer, log: String) throws(Failure) -> EventRecord? {
        guard line.count > 1, line[0] == UInt8(ascii: "{"), Self.find(Self.spacedColon, in: line) == nil,
            Self.find(Self.nestedObject, in: line) == nil
        else { return nil }
        var record = EventRecord(log: log)
        for (n, pattern) in fields.keyPatterns.enumerated() {
            var from = 0
            while let at = Self.find(pattern, in: line, from: from) {
                guard at > 0, line[at - 1] == UInt8(ascii: "{") || line[at - 1] == UInt8(ascii: ",") else {
                    from = at + 1
                    continue
                }
                var c = Cursor(bytes: line)
                c.at = at + pattern.count
                if let value = try readValue(&c) { record.append(fields.names[n], value) }
                break
            }
        }
        return record
    }

    /// Where the value of the field whose `"name":` is `keyPattern` begins in a compact, flat
    /// row, or nil when the row has no such field.
    public static func valueStart(keyPattern: [UInt8], in line: UnsafeRawBufferPointer) -> Int? {
        var from = 0
        while let at = find(keyPattern, in: line, from: from) {
            if at > 0, line[at - 1] == UInt8(ascii: "{") || line[at - 1] == UInt8(ascii: ",") { return at + keyPattern.count }
            from = at + 1
        }
        return nil
    }

    static let spacedColon = Array("\": ".utf8)
    static let nestedObject = Array("\":{".utf8)

    /// The offset of `pattern` in `line` at or after `from`.
    static func find(_ pattern: [UInt8], in line: UnsafeRawBufferPointer, from: Int = 0) -> Int? {
        guard from < line.count, let base = line.baseAddress else { return nil }
        // memchr for the pattern's second byte (the name's first letter: quotes, the first
        // byte, stand before every key and string), then memcmp. Glibc's memmem is a GNU
        // extension Swift does not see.
        return pattern.withUnsafeBytes { p -> Int? in
            guard p.count >= 2 else { return nil }
            let key = Int32(p[1])
            var at = from + 1
            while at - 1 + p.count <= line.count {
                guard let hit = memchr(base + at, key, line.count - at - p.count + 2) else { return nil }
                let offset = base.distance(to: UnsafeRawPointer(hit)) - 1
                if line[offset] == p[0], memcmp(base + offset, p.baseAddress!, p.count) == 0 { return offset }
                at = offset + 2
            }
            return nil
        }
    }

    /// The value that begins `offset` bytes into `line` (nil for null), where its writer noted
    /// it (`RowFieldStarts`): the field is read without searching the row for its name.
    public func value(in line: UnsafeRawBufferPointer, at offset: Int) throws(Failure) -> FieldValue? {
        var c = Cursor(bytes: line)
        c.at = offset
        return try readValue(&c)
    }

    /// The text of the scalar value that begins `offset` bytes into `line`, as a rule reads it,
    /// without making a string: a string's bytes between its quotes, a number or Boolean as
    /// written. Nil for a value that needs reading (a string with escapes, a list, null).
    public static func plainScalar(in line: UnsafeRawBufferPointer, at offset: Int) -> UnsafeRawBufferPointer? {
        guard offset < line.count else { return nil }
        let c = Cursor(bytes: line)
        if line[offset] == UInt8(ascii: "\"") {
            guard let end = c.plainStringEnd(from: offset + 1) else { return nil }
            return UnsafeRawBufferPointer(rebasing: line[(offset + 1)..<end])
        }
        var end = offset
        while end < line.count, line[end] != UInt8(ascii: ","), line[end] != UInt8(ascii: "}") { end += 1 }
        let first = line[offset]
        guard first != UInt8(ascii: "["), first != UInt8(ascii: "n"), end > offset else { return nil }
        return UnsafeRawBufferPointer(rebasing: line[offset..<end])
    }

    /// One JSON value (nil for null), as a row's field would hold it.
    public func parseValue(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> FieldValue? {
        var c = Cursor(bytes: bytes)
        let v = try readValue(&c)
        guard c.atEnd else { throw Failure(offset: c.at, expected: "end of the value") }
        return v
    }

    private func readObject(_ c: inout Cursor, prefix: String, skipping: Bool = false, into record: inout EventRecord) throws(Failure) {
        try c.expect(UInt8(ascii: "{"), "'{'")
        try c.enter()
        defer { c.depth -= 1 }
        c.skipSpace()
        if c.peek == UInt8(ascii: "}") {
            c.at += 1
            return
        }
        while true {
            c.skipSpace()
            // A plain key at the top level is checked against the selection as bytes: most
            // keys of most rows are not read by any rule and never become strings.
            let keyStart = c.at + 1
            let plain = prefix.isEmpty && c.peek == UInt8(ascii: "\"") && c.plainStringEnd(from: keyStart) != nil
            var key: String?
            if plain, let end = c.plainStringEnd(from: keyStart) {
                c.keyLength = end - keyStart
                c.at = end + 1
                if !skipping, fields.contains(key: UnsafeRawBufferPointer(rebasing: c.bytes[keyStart..<end])) {
                    key = String(decoding: UnsafeRawBufferPointer(rebasing: c.bytes[keyStart..<end]), as: UTF8.self)
                }
            } else {
                key = prefix + (try readString(&c))
            }
            c.skipSpace()
            try c.expect(UInt8(ascii: ":"), "':' after a key")
            c.skipSpace()
            if c.peek == UInt8(ascii: "{") {
                // A nested object (a writer that nests `id`): its fields are named with dots.
                let name =
                    key
                    ?? String(
                        decoding: UnsafeRawBufferPointer(rebasing: c.bytes[keyStart..<(keyStart + max(0, c.keyLength))]), as: UTF8.self)
                try readObject(&c, prefix: name + ".", skipping: skipping, into: &record)
            } else if let key, !skipping, plain || fields.contains(key) {
                if let value = try readValue(&c) { record.append(key, value) }
            } else {
                try skipValue(&c)
            }
            c.skipSpace()
            if c.peek == UInt8(ascii: ",") {
                c.at += 1
                continue
            }
            try c.expect(UInt8(ascii: "}"), "',' or '}'")
            return
        }
    }

    /// A value; nil for JSON's null, which Zeek never writes and a rule reads as unset.
    private func readValue(_ c: inout Cursor) throws(Failure) -> FieldValue? {
        switch c.peek {
        case UInt8(ascii: "\""): return .text(try readString(&c))
        case UInt8(ascii: "["):
            c.at += 1
            try c.enter()
            defer { c.depth -= 1 }
            var items: [FieldValue] = []
            c.skipSpace()
            if c.peek == UInt8(ascii: "]") {
                c.at += 1
                return .list(items)
            }
            while true {
                c.skipSpace()
                if let v = try readValue(&c) { items.append(v) }
                c.skipSpace()
                if c.peek == UInt8(ascii: ",") {
                    c.at += 1
                    continue
                }
                try c.expect(UInt8(ascii: "]"), "',' or ']'")
                return .list(items)
            }
        case UInt8(ascii: "t"):
            try c.expectWord("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try c.expectWord("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try c.expectWord("null")
            return nil
        default:
            let start = c.at
            while let b = c.peek, Self.isNumberByte(b) { c.at += 1 }
            guard c.at > start else { throw Failure(offset: c.at, expected: "a value") }
            return .number(c.text(from: start))
        }
    }

    /// Steps over a value without keeping it, checking that it is well formed.
    private func skipValue(_ c: inout Cursor) throws(Failure) {
        switch c.peek {
        case UInt8(ascii: "\""):
            if let end = c.plainStringEnd(from: c.at + 1) {
                c.at = end + 1
            } else {
                _ = try readString(&c)
            }
        case UInt8(ascii: "{"):
            var ignored = EventRecord(log: "")
            try readObject(&c, prefix: "", skipping: true, into: &ignored)
        case UInt8(ascii: "["):
            c.at += 1
            try c.enter()
            defer { c.depth -= 1 }
            c.skipSpace()
            if c.peek == UInt8(ascii: "]") {
                c.at += 1
                return
            }
            while true {
                c.skipSpace()
                try skipValue(&c)
                c.skipSpace()
                if c.peek == UInt8(ascii: ",") {
                    c.at += 1
                    continue
                }
                try c.expect(UInt8(ascii: "]"), "',' or ']'")
                return
            }
        default:
            _ = try readValue(&c)
        }
    }

    private static func isNumberByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
            || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
    }

    private func readString(_ c: inout Cursor) throws(Failure) -> String {
        try c.expect(UInt8(ascii: "\""), "'\"'")
        let start = c.at
        // Most strings have no escape: their bytes are the text.
        while let b = c.peek, b != UInt8(ascii: "\""), b != UInt8(ascii: "\\") { c.at += 1 }
        if c.peek == UInt8(ascii: "\"") {
            let s = c.text(from: start)
            c.at += 1
            return s
        }
        var bytes = Array(c.bytes[start..<c.at])
        while true {
            guard let b = c.peek else { throw Failure(offset: c.at, expected: "the string's closing '\"'") }
            c.at += 1
            if b == UInt8(ascii: "\"") { break }
            if b != UInt8(ascii: "\\") {
                bytes.append(b)
                continue
            }
            guard let e = c.peek else { throw Failure(offset: c.at, expected: "an escape after '\\'") }
            c.at += 1
            switch e {
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "u"): appendScalar(try readUnicodeEscape(&c), to: &bytes)
            default: bytes.append(e)  // \" \\ \/
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The code point of `\uXXXX` (the `\u` already read), joining a surrogate pair.
    private func readUnicodeEscape(_ c: inout Cursor) throws(Failure) -> UInt32 {
        let high = try c.hex4()
        guard (0xD800...0xDBFF).contains(high) else { return high }
        guard c.peek == UInt8(ascii: "\\"), c.at + 1 < c.bytes.count, c.bytes[c.at + 1] == UInt8(ascii: "u") else { return 0xFFFD }
        c.at += 2
        let low = try c.hex4()
        guard (0xDC00...0xDFFF).contains(low) else { return 0xFFFD }
        return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    }

    private func appendScalar(_ v: UInt32, to bytes: inout [UInt8]) {
        let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
        bytes.append(contentsOf: String(Character(scalar)).utf8)
    }

    struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var at = 0
        /// Length of the last plain key read at the top level.
        var keyLength = 0
        /// Objects and arrays open at `at`.
        var depth = 0

        /// Deeper nesting than this is refused rather than followed, as the hub refuses it
        /// (`JSONObjectText.maximumDepth`): no Zeek or ICSNPP log comes near it, and a row of
        /// a hundred thousand nested arrays ended `vigil detect` with a stack overflow.
        static let maximumDepth = 512

        /// Into an object or array.
        mutating func enter() throws(Failure) {
            depth += 1
            guard depth <= Self.maximumDepth else { throw Failure(offset: at, expected: "at most \(Self.maximumDepth) nested levels") }
        }

        var peek: UInt8? { at < bytes.count ? bytes[at] : nil }

        /// The offset of the closing quote of a string starting at `start` (after its opening
        /// quote) that holds no escape; nil if it has one or is not closed.
        func plainStringEnd(from start: Int) -> Int? {
            var i = start
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") { return i }
                if b == UInt8(ascii: "\\") { return nil }
                i += 1
            }
            return nil
        }
        var atEnd: Bool { at >= bytes.count }

        mutating func skipSpace() {
            while let b = peek, b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A { at += 1 }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
            guard peek == byte else { throw Failure(offset: at, expected: what) }
            at += 1
        }

        mutating func expectWord(_ word: StaticString) throws(Failure) {
            let n = word.utf8CodeUnitCount
            guard at + n <= bytes.count, memcmp(bytes.baseAddress! + at, word.utf8Start, n) == 0 else {
                throw Failure(offset: at, expected: "\(word)")
            }
            at += n
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            var v: UInt32 = 0
            for _ in 0..<4 {
                guard let b = peek, let d = Self.hexDigit(b) else { throw Failure(offset: at, expected: "four hex digits after '\\u'") }
                v = v << 4 | d
                at += 1
            }
            return v
        }

        static func hexDigit(_ b: UInt8) -> UInt32? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
            default: nil
            }
        }

        func text(from start: Int) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
        }
    }
}
