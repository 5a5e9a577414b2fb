import VigilCore
import VigilDetect
import VigilLogs
import VigilSensor

/// One worker's rules, run on the rows it writes; notices go to the same folder's notice.log.
final class DetectionObserver: LogRowObserver {
    let detector: StreamDetector

    init(rules: RuleSet, gate: AlertGate) {
        detector = StreamDetector(rules: rules, gate: gate)
    }

    func reads(_ schema: LogSchema) -> Bool { detector.reads(schema) }

    func observe(_ row: LogRecord, now: Timestamp, logs: LogSink) throws {
        for notice in detector.notices(for: row) { try logs.write(notice, now: now) }
    }
}
