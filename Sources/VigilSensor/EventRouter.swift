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
        case .message(let service):
            stats.messages[service, default: 0] += 1
        case .weird(let w):
            stats.weirds[w.name, default: 0] += 1
            write(w.record)
        default:
            inventory.observe(event, at: now)
        }
    }

    func write(_ r: LogRecord) {
        stats.logRows[r.schema.path, default: 0] += 1
        do {
            try logs.write(r, now: now)
        } catch let e as VigilError {
            if writeError == nil { writeError = e }
        } catch {
            if writeError == nil { writeError = VigilError(.ioFailure, "\(error)") }
        }
    }
}
