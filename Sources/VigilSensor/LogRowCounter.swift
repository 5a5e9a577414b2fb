import VigilCore

/// Rows written per log, indexed by `LogSchema.number`, for the run's statistics.
///
/// Kept in raw memory rather than an array of (path, count) pairs: it is bumped for every
/// row (~3 million in bench/run.sh), and the array's uniqueness and bounds checks cost ~50
/// instructions a row.
final class LogRowCounter {
    private var counts: UnsafeMutablePointer<Int>
    private var capacity: Int
    /// Each counted log's path, set on its first row.
    private var paths: [Int: String] = [:]

    init() {
        capacity = 64
        counts = .allocate(capacity: capacity)
        counts.initialize(repeating: 0, count: capacity)
    }

    deinit { counts.deallocate() }

    @inline(__always) func count(_ schema: LogSchema) {
        let i = schema.number
        if i >= capacity || counts[i] == 0 { firstRow(schema) }
        counts[i] += 1
    }

    private func firstRow(_ schema: LogSchema) {
        let i = schema.number
        if i >= capacity {
            let bigger = max(capacity * 2, i + 1)
            let grown = UnsafeMutablePointer<Int>.allocate(capacity: bigger)
            grown.initialize(from: counts, count: capacity)
            (grown + capacity).initialize(repeating: 0, count: bigger - capacity)
            counts.deallocate()
            counts = grown
            capacity = bigger
        }
        paths[i] = schema.path
    }

    /// Rows per log path.
    var rowsByPath: [String: Int] {
        var rows: [String: Int] = [:]
        for (i, path) in paths where counts[i] > 0 { rows[path, default: 0] += counts[i] }
        return rows
    }
}
