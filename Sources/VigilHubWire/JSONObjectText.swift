#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One JSON object (RFC 8259), checked in full, with its members found but not decoded, and
/// those of each object directly inside it (a shipped record's row): each member's name and
/// value are ranges of the original bytes.
///
/// The hub reads every record of every batch, a few hundred bytes each, and needs only a dozen
/// of the row's members (its time, uid, alert and map fields) and the row's own text to store.
/// Foundation's JSONSerialization builds an object for every value first; it was two fifths of
/// the hub's ingest time. This reads the bytes once and makes nothing but the member list.
public struct JSONObjectText {
    public enum Kind: Sendable { case string, number, object, array, literal }

    public struct Member {
        /// The name's bytes between its quotes, escapes left as they are.
        let name: Range<Int>
        let nameHasEscapes: Bool
        public let kind: Kind
        /// The value's bytes, quotes included for a string.
        public let value: Range<Int>
        /// An object value's own members, when kept (one level down from the top).
        let members: [Member]?
    }

    public let bytes: [UInt8]
    public let members: [Member]

    /// Deeper nesting than this is refused rather than followed: no Zeek or ICSNPP log comes
    /// near it, and a bound keeps a hostile line from exhausting the stack.
    public static let maximumDepth = 512

    /// Nil unless `bytes` is exactly one JSON object, with nothing but white space around it.
    /// Text is checked as JSON text must be: valid UTF-8, no raw control characters in strings,
    /// only the escapes and number forms RFC 8259 allows.
    public init?(_ bytes: [UInt8]) {
        guard String(validating: bytes, as: UTF8.self) != nil else { return nil }
        var scanner = Scanner(bytes: bytes)
        scanner.skipSpace()
        guard scanner.peek == UInt8(ascii: "{"), let members = scanner.object(depth: 1, keepLevels: 2) else { return nil }
        scanner.skipSpace()
        guard scanner.atEnd else { return nil }
        self.init(bytes: bytes, members: members)
    }

    private init(bytes: [UInt8], members: [Member]) {
        self.bytes = bytes
        self.members = members
    }

    /// The last member with this name (as PostgreSQL's jsonb and Foundation keep the last of a
    /// repeated name).
    public func member(_ name: String) -> Member? {
        guard let i = members.indices.last(where: { has(members[$0].name, members[$0].nameHasEscapes, name: name) }) else { return nil }
        return members[i]
    }

    /// How many members have this name, escapes resolved.
    public func count(named name: String) -> Int {
        members.indices.count { has(members[$0].name, members[$0].nameHasEscapes, name: name) }
    }

    /// Whether a member's name (its range and whether it holds escapes) is `name`. Given the
    /// member's fields, not the member: copying each member out to compare its name retained
    /// and released its nested member list (2% of the hub's CPU while ingesting).
    private func has(_ range: Range<Int>, _ hasEscapes: Bool, name: String) -> Bool {
        if hasEscapes { return Self.unescaped(bytes[range]) == name }
        // Compared as memory: the generic `elementsEqual` of a slice and a string's UTF-8 view
        // was 2.5% of the hub's CPU while ingesting (a dozen look-ups a record, each trying
        // every member).
        guard range.count == name.utf8.count else { return false }
        if name.isEmpty { return true }
        var name = name
        return name.withUTF8 { wanted in
            bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + range.lowerBound, wanted.baseAddress!, wanted.count) == 0 }
        }
    }

    /// An object member, read in the same pass as this object; nil for any other kind.
    public func object(_ name: String) -> JSONObjectText? {
        guard let member = member(name), member.kind == .object, let members = member.members else { return nil }
        return JSONObjectText(bytes: bytes, members: members)
    }

    /// The member's text: a string's content with escapes resolved; nil for any other kind.
    public func string(_ name: String) -> String? {
        guard let member = member(name), member.kind == .string else { return nil }
        return Self.unescaped(bytes[member.value.dropFirst().dropLast()])
    }

    /// The member's number; nil for any other kind, or a number too large for a Double.
    public func number(_ name: String) -> Double? {
        guard let member = member(name), member.kind == .number else { return nil }
        return Double(String(decoding: bytes[member.value], as: UTF8.self)).flatMap { $0.isFinite ? $0 : nil }
    }

    /// The first element of an array member, when it is a string.
    public func firstString(ofArray name: String) -> String? {
        guard let member = member(name), member.kind == .array else { return nil }
        var scanner = Scanner(bytes: bytes, position: member.value.lowerBound + 1)
        scanner.skipSpace()
        guard scanner.peek == UInt8(ascii: "\""), let (range, _) = scanner.string() else { return nil }
        return Self.unescaped(bytes[range])
    }

    /// The member's bytes as text (for an object: its JSON text, as sent).
    public func text(of member: Member) -> String { String(decoding: bytes[member.value], as: UTF8.self) }

    /// A string's content (between its quotes) with its escapes resolved. The scanner has
    /// already checked every escape; a lone surrogate becomes U+FFFD.
    static func unescaped(_ content: ArraySlice<UInt8>) -> String {
        guard content.contains(UInt8(ascii: "\\")) else { return String(decoding: content, as: UTF8.self) }
        var units: [UInt16] = []
        var scalars = String.UnicodeScalarView()
        var i = content.startIndex
        func flushUnits() {
            guard !units.isEmpty else { return }
            scalars.append(contentsOf: String(decoding: units, as: UTF16.self).unicodeScalars)
            units.removeAll()
        }
        while i < content.endIndex {
            let byte = content[i]
            guard byte == UInt8(ascii: "\\") else {
                flushUnits()
                // Copy the run of plain bytes up to the next escape.
                let end = content[i...].firstIndex(of: UInt8(ascii: "\\")) ?? content.endIndex
                scalars.append(contentsOf: String(decoding: content[i..<end], as: UTF8.self).unicodeScalars)
                i = end
                continue
            }
            let escape = content[i + 1]
            if escape == UInt8(ascii: "u") {
                units.append(UInt16(hex: content[(i + 2)..<(i + 6)]))
                i += 6
                continue
            }
            flushUnits()
            let character: UInt8 =
                switch escape {
                case UInt8(ascii: "b"): 0x08
                case UInt8(ascii: "f"): 0x0C
                case UInt8(ascii: "n"): 0x0A
                case UInt8(ascii: "r"): 0x0D
                case UInt8(ascii: "t"): 0x09
                default: escape  // \" \\ \/
                }
            scalars.append(Unicode.Scalar(character))
            i += 2
        }
        flushUnits()
        return String(scalars)
    }
}

extension UInt16 {
    /// Four hexadecimal digits the scanner has already checked.
    fileprivate init(hex digits: ArraySlice<UInt8>) {
        var value: UInt16 = 0
        for digit in digits {
            let nibble: UInt8 =
                switch digit {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
                default: digit - UInt8(ascii: "A") + 10
                }
            value = value << 4 | UInt16(nibble)
        }
        self = value
    }
}
