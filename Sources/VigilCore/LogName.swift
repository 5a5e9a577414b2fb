/// A name from a protocol's fixed table (a function, service, type or property name) as log
/// rows write it: bytes that need no JSON or Zeek TSV escaping, checked once, when the
/// table is made, instead of on every row.
///
/// Written because most string fields of the busiest logs are such names (bench/run.sh:
/// BACnet services, object types and properties on ~70% of its rows). Scanning each one for
/// escapes and retaining and releasing its String cost ~200 instructions per field.
public struct LogName: Sendable, Equatable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The UTF-8 text: a literal in the binary, or held by a table (`NumberedNames`) that
    /// lives as long as the names taken from it.
    public nonisolated(unsafe) let text: UnsafeRawBufferPointer

    /// A literal of Vigil's own. It is checked in debug builds (the test suite) only: a name
    /// written at a call site is built on every row that uses it, and checking it there cost
    /// more than the escape scan it saves.
    public init(stringLiteral literal: StaticString) {
        text = UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        assert(Self.isPlain(text), "log name \(literal) would need escaping")
    }

    /// A name over stored text, or nil when the text would need escaping (the caller keeps
    /// it as a String).
    public init?(stored text: UnsafeRawBufferPointer) {
        guard Self.isPlain(text) else { return nil }
        self.text = text
    }

    public var string: String { String(decoding: text, as: UTF8.self) }
    public var description: String { string }

    public static func == (a: LogName, b: LogName) -> Bool { a.text.elementsEqual(b.text) }

    /// Printable ASCII without `"` or `\` (so JSON copies it as is), not empty and not Zeek's
    /// `-` or `(empty)` markers (so TSV does too).
    public static func isPlain(_ text: UnsafeRawBufferPointer) -> Bool {
        guard !text.isEmpty else { return false }
        for c in text where c < 0x20 || c > 0x7E || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") { return false }
        return !text.elementsEqual("-".utf8) && !text.elementsEqual("(empty)".utf8)
    }
}
