import VigilCore
import VigilLogs

/// Several readers of one worker's rows (the rules and a baseline check), handed each row
/// once: the row is built and copied out once, then read by each that reads its log. A
/// pipeline's sink asks the group once per log which members read it (`readers(of:)`) and
/// hands them each row itself.
public final class ObserverGroup: LogRowObserver {
    let members: [LogRowObserver]
    /// By `LogSchema.number`: the members that read the log (nil: not asked yet). Asked once
    /// per log, not for every row.
    private var readers = BySchema<[LogRowObserver]>()

    /// The observers given (nil ones left out): nil when there is none, the only one when
    /// there is one.
    public static func of(_ given: LogRowObserver?...) -> LogRowObserver? {
        let members = given.compactMap { $0 }
        return members.count > 1 ? ObserverGroup(members) : members.first
    }

    init(_ members: [LogRowObserver]) { self.members = members }

    public func readers(of schema: LogSchema) -> [LogRowObserver] {
        readers.value(for: schema) { members.flatMap { $0.readers(of: schema) } }
    }

    public func reads(_ schema: LogSchema) -> Bool { !readers(of: schema).isEmpty }

    public func observe(_ row: LogRecord, now: Timestamp, logs: LogSink) throws {
        for m in readers(of: row.schema) { try m.observe(row, now: now, logs: logs) }
    }

    public func observe(text: UnsafeRawBufferPointer, fieldStarts: RowFieldStarts?, schema: LogSchema, now: Timestamp, logs: LogSink) throws
    {
        for m in readers(of: schema) { try m.observe(text: text, fieldStarts: fieldStarts, schema: schema, now: now, logs: logs) }
    }
}
