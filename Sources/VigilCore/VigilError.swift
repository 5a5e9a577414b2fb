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
    }

    public var code: Code
    public var message: String
    /// The input the error concerns (a file path or interface), when there is one.
    public var source: String?
    /// Byte offset into `source` where the fault lies, when known.
    public var offset: Int64?
    public var raisedAt: String

    @inline(never)
    public init(
        _ code: Code, _ message: String, source: String? = nil, offset: Int64? = nil,
        file: StaticString = #fileID, line: UInt = #line
    ) {
        self.code = code
        self.message = message
        self.source = source
        self.offset = offset
        self.raisedAt = "\(file):\(line)"
    }

    public var description: String {
        var s = ""
        if let source { s += source + ": " }
        if let offset { s += "byte \(offset): " }
        return s + message
    }
}
