import VigilCore
import VigilLogs

/// Reads rows as a pipeline writes them (detection rules, for one). One per worker, called on
/// that worker's thread only.
public protocol LogRowObserver: AnyObject {
    /// Whether rows of this log are wanted: the others are never built twice.
    func reads(_ schema: LogSchema) -> Bool
    /// A row just written; what the observer writes in answer (notices) goes to `logs`.
    func observe(_ row: LogRecord, now: Timestamp, logs: LogSink) throws
    /// A row just written to a JSON log, as its text, with where each value begins in it when
    /// the row was built in place (nil for a row written as a record).
    func observe(text: UnsafeRawBufferPointer, fieldStarts: RowFieldStarts?, schema: LogSchema, now: Timestamp, logs: LogSink) throws
    /// The observers that read this log's rows, each to be handed them: this one or none, or
    /// for a group, those of its members that read it.
    func readers(of schema: LogSchema) -> [LogRowObserver]
}

extension LogRowObserver {
    public func readers(of schema: LogSchema) -> [LogRowObserver] { reads(schema) ? [self] : [] }
}

/// A log sink that hands the rows an observer reads to it after writing them.
///
/// Into a JSON log folder, the observer reads each row's text as written; otherwise (TSV, or a
/// sink that keeps records) the row is built a second time, as values. Either way only for the
/// logs the observer reads.
final class ObservedLogSink: LogSink {
    let inner: LogSink
    let observer: LogRowObserver
    /// By `LogSchema.number`: the observers each row of the log is handed to, found once per
    /// log. A row is then one lookup and a call per reader, not a question to the observer
    /// (and, for a group, to each member) whether it reads the row, then another to hand it.
    private var readers = BySchema<[LogRowObserver]>()
    /// The inner sink when it writes JSON text the observer can read.
    let jsonDirectory: LogDirectory?
    /// The text of a row written as a record, copied out of the writer's buffer.
    private var text: [UInt8] = []
    private var fieldStarts = RowFieldStarts()

    init(_ inner: LogSink, observer: LogRowObserver) {
        self.inner = inner
        self.observer = observer
        jsonDirectory = (inner as? LogDirectory).flatMap { $0.format == .json ? $0 : nil }
    }

    deinit { fieldStarts.deallocate() }

    private func readers(_ schema: LogSchema) -> [LogRowObserver] { readers.value(for: schema) { observer.readers(of: schema) } }

    func write(_ record: LogRecord, now: Timestamp) throws {
        let readers = readers(record.schema)
        guard !readers.isEmpty else { return try inner.write(record, now: now) }
        if let jsonDirectory {
            text.removeAll(keepingCapacity: true)
            try jsonDirectory.write(record, now: now) { text.append(contentsOf: $0) }
            try text.withUnsafeBytes { text in
                for r in readers { try r.observe(text: text, fieldStarts: nil, schema: record.schema, now: now, logs: inner) }
            }
        } else {
            try inner.write(record, now: now)
            for r in readers { try r.observe(record, now: now, logs: inner) }
        }
    }

    func write(_ schema: LogSchema, now: Timestamp, _ build: (inout LogRow) -> Void) throws {
        let readers = readers(schema)
        guard !readers.isEmpty else { return try inner.write(schema, now: now, build) }
        if let jsonDirectory {
            // The observers read the row where it was built, in the writer's buffer, before it
            // can be flushed: copying every row they read out first cost a tenth of what
            // observing costs. What they write in answer (notices) goes to other logs.
            var failure: Error?
            try jsonDirectory.write(schema, now: now, build, fieldStarts: &fieldStarts) { row, starts in
                do {
                    for r in readers { try r.observe(text: row, fieldStarts: starts, schema: schema, now: now, logs: inner) }
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
        } else {
            try inner.write(schema, now: now, build)
            var row = LogRow(valuesOf: schema)
            build(&row)
            let record = row.record
            for r in readers { try r.observe(record, now: now, logs: inner) }
        }
    }
}
