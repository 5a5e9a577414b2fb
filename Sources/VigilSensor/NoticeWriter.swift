import VigilCore
import VigilDetect
import VigilLogs

/// Writes into a run's notice.log what is decided after its rows were written: the gate's
/// windows once the input has ended, and correlations' alerts.
public enum NoticeWriter {
    /// Writes the notices of the windows the gate has not yet written (`AlertGate.drain`).
    public static func writeNotices(_ gate: AlertGate, into files: LogFiles) throws {
        let notices = gate.drain()
        guard !notices.isEmpty else { return }
        let logs = LogDirectory(files: files)
        for alert in notices { try write(NoticeLog.record(alert, suppressFor: gate.suppressFor), to: logs) }
        logs.flush()
    }

    /// Writes notice rows, each at its own time.
    public static func write(_ rows: [LogRecord], into files: LogFiles) throws {
        guard !rows.isEmpty else { return }
        let logs = LogDirectory(files: files)
        for row in rows { try write(row, to: logs) }
        logs.flush()
    }

    /// Writes one notice row at its own time.
    static func write(_ row: LogRecord, to logs: LogDirectory) throws {
        if case .time(let t) = row.values[0] { try logs.write(row, now: t) } else { try logs.write(row, now: .zero) }
    }
}
