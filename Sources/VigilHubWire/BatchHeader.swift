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

    public init(sensor: String, sequence: UInt64, created: Double, records: Int) {
        self.sensor = sensor
        self.sequence = sequence
        self.created = created
        self.records = records
    }
}
