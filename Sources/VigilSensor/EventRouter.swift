import VigilCore
import VigilInventory
import VigilLogs
import VigilProtocols

/// Where log rows go: a log directory in production, a collector in tests.
public protocol LogSink: AnyObject {
    func write(_ record: LogRecord, now: Timestamp) throws
}

extension LogDirectory: LogSink {}

/// Collects rows in memory (tests, and tools that post-process logs).
public final class MemoryLogSink: LogSink {
    public private(set) var records: [LogRecord] = []
    public init() {}
    public func write(_ record: LogRecord, now: Timestamp) throws { records.append(record) }
    public func rows(_ path: String) -> [LogRecord] { records.filter { $0.schema.path == path } }
}

/// Routes analyzer events to the logs, the inventory and the statistics.
final class EventRouter: EventSink {
    let logs: LogSink
    let inventory: AssetInventory
    var stats: SensorStatistics
    var now = Timestamp.zero
    var writeError: VigilError?

    init(logs: LogSink, inventory: AssetInventory) {
        self.logs = logs
        self.inventory = inventory
        self.stats = SensorStatistics()
    }

    func emit(_ event: SensorEvent) {
        switch event {
        case .log(let r): write(r)
        case .messages(let service, let count):
            stats.messages[service, default: 0] += count
        case .weird(let w):
            stats.weirds[w.name, default: 0] += 1
            write(w.record)
        default:
            inventory.observe(event, at: now)
        }
    }

    /// Rows per schema, keyed by identity: hashing the path string for every row showed up in
    /// profiles. Folded into `stats.logRows` on demand.
    var rowsBySchema: [ObjectIdentifier: (path: String, rows: Int)] = [:]

    var statistics: SensorStatistics {
        var s = stats
        for (_, v) in rowsBySchema { s.logRows[v.path, default: 0] += v.rows }
        return s
    }

    func write(_ r: LogRecord) {
        let key = ObjectIdentifier(r.schema)
        if let i = rowsBySchema.index(forKey: key) { rowsBySchema.values[i].rows += 1 } else { rowsBySchema[key] = (r.schema.path, 1) }
        do {
            try logs.write(r, now: now)
        } catch let e as VigilError {
            if writeError == nil { writeError = e }
        } catch {
            if writeError == nil { writeError = VigilError(.ioFailure, "\(error)") }
        }
    }
}
