import VigilCore
import VigilDetect
import VigilLogs

/// One worker's baseline check, run on the rows it writes. It writes nothing during the run:
/// once the input ends, `StreamBaseline.deviations` names what every worker's rows showed.
public final class BaselineObserver: LogRowObserver {
    public let baseline: StreamBaseline

    public init(_ baseline: Baseline) {
        self.baseline = StreamBaseline(baseline)
    }

    public func reads(_ schema: LogSchema) -> Bool { baseline.reads(schema) }

    public func observe(_ row: LogRecord, now: Timestamp, logs: LogSink) throws { baseline.observe(row) }

    public func observe(text: UnsafeRawBufferPointer, fieldStarts: RowFieldStarts?, schema: LogSchema, now: Timestamp, logs: LogSink) throws
    {
        baseline.observe(text: text, fieldStarts: fieldStarts, schema: schema)
    }
}
