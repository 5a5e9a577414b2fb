/// The `#` lines that open a Zeek TSV log: how to split its rows and what each column is.
public struct TSVLogHeader: Sendable {
    public var separator: UInt8 = 0x09
    public var setSeparator = ","
    public var emptyField = "(empty)"
    public var unsetField = "-"
    public var path: String?
    public var fields: [String] = []
    public var types: [String] = []

    public init() {}

    /// Takes one `#` line; returns false if it is not a header directive this reader knows
    /// (`#open`, `#close` and others are ignored by the caller).
    public mutating func read(directive line: String) -> Bool {
        if line.hasPrefix("#separator ") {
            let value = line.dropFirst("#separator ".count)
            if value.hasPrefix("\\x"), let byte = UInt8(value.dropFirst(2), radix: 16) { separator = byte }
            return true
        }
        let parts = line.split(separator: Character(Unicode.Scalar(separator)), omittingEmptySubsequences: false).map(String.init)
        guard let directive = parts.first, parts.count >= 2 else { return false }
        let rest = Array(parts.dropFirst())
        switch directive {
        case "#set_separator": setSeparator = rest[0]
        case "#empty_field": emptyField = rest[0]
        case "#unset_field": unsetField = rest[0]
        case "#path": path = rest[0]
        case "#fields": fields = rest
        case "#types": types = rest
        default: return false
        }
        return true
    }
}
