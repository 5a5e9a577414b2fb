/// The one error type of Vigil's libraries: a comparable code plus diagnostics.
///
/// Built by cold-path constructors that record where the error was raised, so a report names
/// the file and byte at fault without the hot path paying for string formatting.
public struct VigilError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        case ioFailure = "io"
        case truncatedCapture = "truncated"
        case corruptCapture = "corrupt"
        case unsupportedCapture = "unsupported"
        case invalidArgument = "argument"
        case permission = "permission"
        /// A document (advisory, record, rule) that does not follow its schema.
        case invalidDocument = "document"
        /// A server Vigil needs (a database) cannot be reached now; later it may be.
        case unavailable = "unavailable"
    }

    public var code: Code
    public var message: String
    /// The input the error concerns (a file path or interface), when there is one.
    public var source: String?
    /// Byte offset into `source` of the record, block or header at fault (its first byte),
    /// when known. Always a start, so that two errors' offsets mean the same thing.
    public var offset: Int64?
    /// The field inside that record that is wrong, with its own byte offset in `source`.
    public var field: Field?
    public var raisedAt: String

    /// A named field of a record (for example pcap's `incl_len`) and where it lies.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var offset: Int64

        public init(_ name: String, at offset: Int64) {
            self.name = name
            self.offset = offset
        }
    }

    @inline(never)
    public init(
        _ code: Code, _ message: String, source: String? = nil, offset: Int64? = nil, field: Field? = nil,
        file: StaticString = #fileID, line: UInt = #line
    ) {
        self.code = code
        self.message = message
        self.source = source
        self.offset = offset
        self.field = field
        self.raisedAt = "\(file):\(line)"
    }

    public var description: String {
        var s = ""
        if let source { s += source + ": " }
        if let offset { s += "byte \(offset): " }
        if let field { s += "field \(field.name) at byte \(field.offset): " }
        return s + message
    }
}
