#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The fields of one log that rules read: only these are turned into values when a row is
/// read, so the cost of a row is that of the few fields rules look at, not of all of them.
public struct FieldSelection: Sendable {
    /// Every field (a rule with keywords searches them all).
    public let all: Bool
    public let names: [String]
    /// `names` as bytes, by length: a row's key is compared only with the names as long as it.
    let byLength: [[[UInt8]]]
    /// Each name as it opens a field in a compact JSON row: `"name":`.
    let keyPatterns: [[UInt8]]

    public static let everything = FieldSelection(all: true, names: [])

    public init(all: Bool, names: [String]) {
        self.all = all
        self.names = names
        var byLength: [[[UInt8]]] = []
        for name in names {
            let bytes = Array(name.utf8)
            if bytes.count >= byLength.count { byLength += Array(repeating: [], count: bytes.count + 1 - byLength.count) }
            byLength[bytes.count].append(bytes)
        }
        self.byLength = byLength
        keyPatterns = names.map { Array("\"\($0)\":".utf8) }
    }

    public func contains(_ name: String) -> Bool { all || names.contains(name) }

    /// Whether the key (its raw bytes in a JSON row) is selected.
    func contains(key: UnsafeRawBufferPointer) -> Bool {
        if all { return true }
        guard key.count < byLength.count else { return false }
        for b in byLength[key.count] where b.withUnsafeBytes({ memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 }) {
            return true
        }
        return false
    }
}
