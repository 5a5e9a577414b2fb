/// The first line of a batch: who sent it, its place in that sensor's sequence, and how many
/// records follow.
///
/// A batch body is newline-delimited JSON: this header, then one `ShippedRecord` per line. Rows
/// travel as the sensor wrote them into its logs, so neither side re-encodes them.
public struct BatchHeader: Codable, Sendable, Equatable {
    /// The sensor's name, as in its certificate's common name.
    public var sensor: String
    /// 1 for a sensor's first batch, then one more for each batch it makes. The hub stores a
    /// batch once, however often it is sent, and counts the numbers it never received (batches
    /// a sensor's spool dropped when full) as missing.
    public var sequence: UInt64
    /// When the sensor closed the batch (seconds since 1970).
    public var created: Double
    /// How many records follow.
    public var records: Int
    /// The sensor's spool when it closed this batch: the batches and bytes already waiting for
    /// the hub ahead of it. Absent in batches of sensors from before it was sent.
    public var spoolBatches: Int?
    public var spoolBytes: Int?

    public init(sensor: String, sequence: UInt64, created: Double, records: Int, spoolBatches: Int? = nil, spoolBytes: Int? = nil) {
        self.sensor = sensor
        self.sequence = sequence
        self.created = created
        self.records = records
        self.spoolBatches = spoolBatches
        self.spoolBytes = spoolBytes
    }

    enum CodingKeys: String, CodingKey {
        case sensor, sequence, created, records
        case spoolBatches = "spool_batches"
        case spoolBytes = "spool_bytes"
    }
}
