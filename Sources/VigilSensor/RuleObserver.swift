import VigilCore
import VigilDetect
import VigilLogs

/// One worker's detection rules, run on the rows it writes; notices go to the same folder's
/// notice.log. Every worker of a run shares one `AlertGate`.
public final class RuleObserver: LogRowObserver {
    let detector: StreamDetector

    public init(rules: RuleSet, gate: AlertGate, correlator: Correlator? = nil) {
        detector = StreamDetector(rules: rules, gate: gate, correlator: correlator)
    }

    public func reads(_ schema: LogSchema) -> Bool { detector.reads(schema) }

    public func observe(_ row: LogRecord, now: Timestamp, logs: LogSink) throws {
        for notice in detector.notices(for: row) { try logs.write(notice, now: now) }
    }

    public func observe(text: UnsafeRawBufferPointer, fieldStarts: RowFieldStarts?, schema: LogSchema, now: Timestamp, logs: LogSink) throws
    {
        for notice in detector.notices(text: text, fieldStarts: fieldStarts, schema: schema) { try logs.write(notice, now: now) }
    }
}
