import VigilCore
import VigilDetect
import VigilLogs

/// One worker's part in a live sensor's learning window: rows stamped within the window
/// teach the shared baseline, rows stamped after it are checked against what it learned
/// (`BaselineObserver`).
public final class BaselineLearningObserver: LogRowObserver {
    let learning: LiveBaselineLearning
    private var checking: BaselineObserver?
    /// The window's end, read once it has ended: rows after it are told apart without the
    /// shared lock.
    private var windowEnd: Double?
    private let parser = JSONRowParser()
    private var text: [UInt8] = []
    private static let tsKey = Array(#""ts":"#.utf8)

    public init(_ learning: LiveBaselineLearning) {
        self.learning = learning
    }

    /// The logs a baseline learns from are the logs it checks.
    public func reads(_ schema: LogSchema) -> Bool { BaselineLearner.logs.contains(schema.path) }

    public func observe(_ row: LogRecord, now: Timestamp, logs: LogSink) throws {
        text.removeAll(keepingCapacity: true)
        ZeekJSONEncoder.encode(row, into: &text)
        try text.withUnsafeBytes { try observe(text: $0, fieldStarts: nil, schema: row.schema, now: now, logs: logs) }
    }

    public func observe(text row: UnsafeRawBufferPointer, fieldStarts: RowFieldStarts?, schema: LogSchema, now: Timestamp, logs: LogSink)
        throws
    {
        if let checker = checker(), let end = windowEnd, let time = Self.time(of: row), time >= end {
            return try checker.observe(text: row, fieldStarts: fieldStarts, schema: schema, now: now, logs: logs)
        }
        // Every row of the window is read whole: the window is a sensor's first hours, and
        // what it learns must be what `baseline learn` would learn from the same logs.
        guard let record = try? parser.parse(row, log: schema.path) else { return }
        learning.learn(record)
    }

    /// The check, once the window has ended.
    private func checker() -> BaselineObserver? {
        if let checking { return checking }
        guard let check = learning.check else { return nil }
        checking = BaselineObserver(check.baseline, live: check)
        windowEnd = learning.end
        return checking
    }

    /// A row's `ts` in seconds, if it has one.
    private static func time(of row: UnsafeRawBufferPointer) -> Double? {
        guard let at = JSONRowParser.valueStart(keyPattern: tsKey, in: row), let scalar = JSONRowParser.plainScalar(in: row, at: at)
        else { return nil }
        return Double(String(decoding: scalar, as: UTF8.self))
    }
}
