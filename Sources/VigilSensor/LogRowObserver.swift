import VigilCore
import VigilLogs

/// Reads rows as a pipeline writes them (detection rules, for one). One per worker, called on
/// that worker's thread only.
public protocol LogRowObserver: AnyObject {
    /// Whether rows of this log are wanted: the others are never built twice.
    func reads(_ schema: LogSchema) -> Bool
    /// A row just written; what the observer writes in answer (notices) goes to `logs`.
    func observe(_ row: LogRecord, now: Timestamp, logs: LogSink) throws
}

/// A log sink that hands the rows an observer reads to it after writing them.
final class ObservedLogSink: LogSink {
    let inner: LogSink
    let observer: LogRowObserver

    init(_ inner: LogSink, observer: LogRowObserver) {
        self.inner = inner
        self.observer = observer
    }

    func write(_ record: LogRecord, now: Timestamp) throws {
        try inner.write(record, now: now)
        if observer.reads(record.schema) { try observer.observe(record, now: now, logs: inner) }
    }

    func write(_ schema: LogSchema, now: Timestamp, _ build: (inout LogRow) -> Void) throws {
        try inner.write(schema, now: now, build)
        guard observer.reads(schema) else { return }
        // The row is built a second time, as values: only for logs the observer reads.
        var row = LogRow(valuesOf: schema)
        build(&row)
        try observer.observe(row.record, now: now, logs: inner)
    }
}
