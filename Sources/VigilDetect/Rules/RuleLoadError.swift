/// Why a rule (or a whole rule file) could not be loaded: the file, the line and column of the
/// construct at fault, and what is wrong with it. The other rules still load.
public struct RuleLoadError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    /// The key or value at fault (`detection.selection.func|contain`, `condition`…).
    public let construct: String
    public let message: String

    public init(file: String, line: Int, column: Int, construct: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.construct = construct
        self.message = message
    }

    public var description: String {
        construct.isEmpty ? "\(file):\(line):\(column): \(message)" : "\(file):\(line):\(column): \(construct): \(message)"
    }
}
