import VigilCore
import VigilDetect
import VigilLogs

/// One worker's baseline check, run on the rows it writes. Over files it writes nothing during
/// the run: once the input ends, `StreamBaseline.deviations` names what every worker's rows
/// showed. Live (`live`), each difference goes to notice.log as the row showing it is written.
public final class BaselineObserver: LogRowObserver {
    public let baseline: StreamBaseline

    public init(_ baseline: Baseline, live: LiveBaselineCheck? = nil) {
        self.baseline = StreamBaseline(baseline, live: live)
    }

    public func reads(_ schema: LogSchema) -> Bool { baseline.reads(schema) }

    public func observe(_ row: LogRecord, now: Timestamp, logs: LogSink) throws {
        baseline.observe(row)
        try writeNamed(now: now, logs: logs)
    }

    public func observe(text: UnsafeRawBufferPointer, fieldStarts: RowFieldStarts?, schema: LogSchema, now: Timestamp, logs: LogSink) throws
    {
        baseline.observe(text: text, fieldStarts: fieldStarts, schema: schema)
        try writeNamed(now: now, logs: logs)
    }

    private func writeNamed(now: Timestamp, logs: LogSink) throws {
        for d in baseline.takeNamed() { try logs.write(NoticeLog.record(d), now: now) }
    }
}
