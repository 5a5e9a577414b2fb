import VigilCore
import VigilEvents
import VigilLogs

/// Writes ntp.log as Zeek 7 does (base/protocols/ntp/main.zeek): one row per message of modes
/// 1–5; control (6) and private (7) messages are not logged.
final class NTPLogWriter {
    static let schema = LogSchema(
        path: "ntp",
        fields: LogSchema.connectionFields + [
            LogField("version", "count"), LogField("mode", "count"), LogField("stratum", "count"), LogField("poll", "interval"),
            LogField("precision", "interval"), LogField("root_delay", "interval"), LogField("root_disp", "interval"),
            LogField("ref_id", "string"), LogField("ref_time", "time"), LogField("org_time", "time"), LogField("rec_time", "time"),
            LogField("xmt_time", "time"), LogField("num_exts", "count"),
        ])

    private var text = FlowTextCache()

    /// Seconds as nanoseconds rounded to a whole microsecond.
    static func micros(_ seconds: Double) -> Int64 { Int64((seconds * 1e6).rounded()) * 1000 }

    func write(_ e: NTPMessageEvent, to router: EventRouter) {
        guard (1...5).contains(e.mode) else { return }
        let flow = text.fieldText(e.flow)
        router.log(Self.schema) { row in
            row.connection(ts: e.ts, flow)
            row.add(count: UInt64(e.version))
            row.add(count: UInt64(e.mode))
            row.add(count: UInt64(e.stratum))
            // Rounded to the microsecond the log shows, as Zeek's "%.6f" rounds (NTP's
            // fractions are finer than a microsecond).
            for seconds in [e.poll, e.precision, e.rootDelay, e.rootDispersion] { row.add(interval: Self.micros(seconds)) }
            row.add(.string(e.referenceID))
            for t in [e.referenceTime, e.originTime, e.receiveTime, e.transmitTime] {
                row.add(time: Timestamp(nanoseconds: NTPMessageEvent.unixMicroseconds(t) * 1000))
            }
            row.add(count: UInt64(e.extensions))
        }
    }
}
