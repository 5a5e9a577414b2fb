import VigilCore
import VigilLogs
import VigilProtocols

extension LogRow {
    /// `table`'s name for `key` as `NumberedNames.field` gives it, written straight into the
    /// row: building and switching on a `LogValue` per field cost ~100 instructions, on rows
    /// that bench/run.sh writes a million times (bacnet_property).
    @inline(__always) mutating func add(_ table: NumberedNames, _ key: UInt32, unknown: () -> String) {
        if let name = table.logName(key) { add(name: name) } else { add(string: table[key] ?? unknown()) }
    }
}
