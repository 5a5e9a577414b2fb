/// How large a batch the hub reads. A sensor closes a batch well below both.
public struct BatchLimits: Sendable {
    /// 16 MiB: a minute of a busy sensor's connections fits many times over, and the hub never
    /// holds more than this of one request in memory.
    public var maximumBytes = 16 << 20
    /// 100,000 records: one database transaction the hub can commit in well under a second.
    public var maximumRecords = 100_000

    public init() {}
}
