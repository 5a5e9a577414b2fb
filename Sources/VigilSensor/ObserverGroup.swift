import VigilCore
import VigilLogs

/// Several readers of one worker's rows (the rules and a baseline check), handed each row
/// once: the row is built and copied out once, then read by each that reads its log.
public final class ObserverGroup: LogRowObserver {
    let members: [LogRowObserver]

    /// Nil when there is nothing to observe, the only member when there is one.
    public static func of(_ members: [LogRowObserver]) -> LogRowObserver? {
        members.count > 1 ? ObserverGroup(members) : members.first
    }

    init(_ members: [LogRowObserver]) { self.members = members }

    public func reads(_ schema: LogSchema) -> Bool { members.contains { $0.reads(schema) } }

    public func observe(_ row: LogRecord, now: Timestamp, logs: LogSink) throws {
        for m in members where m.reads(row.schema) { try m.observe(row, now: now, logs: logs) }
    }

    public func observe(text: UnsafeRawBufferPointer, fieldStarts: RowFieldStarts?, schema: LogSchema, now: Timestamp, logs: LogSink) throws
    {
        for m in members where m.reads(schema) {
            try m.observe(text: text, fieldStarts: fieldStarts, schema: schema, now: now, logs: logs)
        }
    }
}
