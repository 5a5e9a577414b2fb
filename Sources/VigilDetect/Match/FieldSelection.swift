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
    /// `names` as bytes, compared with a row's keys without making strings of them.
    let bytes: [[UInt8]]

    public static let everything = FieldSelection(all: true, names: [])

    public init(all: Bool, names: [String]) {
        self.all = all
        self.names = names
        self.bytes = names.map { Array($0.utf8) }
    }

    /// Fields an alert reports whatever the rule: the row's time, connection, direction and
    /// transport (`NoticeLog`, `Alert`).
    static let alertFields = [
        "ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "source_h", "destination_h", "destination_p", "src", "dst", "p",
        "proto", "fuid",
    ]

    public func contains(_ name: String) -> Bool { all || names.contains(name) }

    /// Whether the key (its raw bytes in a JSON row) is selected.
    func contains(key: UnsafeRawBufferPointer) -> Bool {
        if all { return true }
        for b in bytes where b.count == key.count {
            if b.withUnsafeBytes({ memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 }) { return true }
        }
        return false
    }
}
