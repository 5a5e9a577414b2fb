import VigilHubWire

/// Inserts a batch's rows into `event` several to a statement, in the order they came.
///
/// One statement per row made ingest a round trip per row on PostgreSQL. Rows wait here and
/// go in runs of 64, the rest in runs of 32, 16, … 1: few statements per batch, and only seven
/// shapes of statement for the drivers to prepare and keep.
struct EventInserter {
    static let longestRun = 64
    let db: StoreTransaction
    let sensor: String
    let sequence: Int64
    private var waiting: [ShippedRecord] = []

    init(_ db: StoreTransaction, sensor: String, sequence: Int64) {
        self.db = db
        self.sensor = sensor
        self.sequence = sequence
        waiting.reserveCapacity(Self.longestRun)
    }

    mutating func add(_ record: ShippedRecord) throws {
        waiting.append(record)
        if waiting.count == Self.longestRun { try flush() }
    }

    /// Inserts `record` on its own, after every row waiting, and returns its id (an alert is
    /// keyed by its notice row's id).
    mutating func insertReturningID(_ record: ShippedRecord) throws -> Int64 {
        try flush()
        return try db.insertReturningID(sql: Self.sql(rows: 1), arguments: arguments(CollectionOfOne(record)))
    }

    mutating func flush() throws {
        var start = waiting.startIndex
        var run = Self.longestRun
        while start < waiting.endIndex {
            while run > waiting.endIndex - start { run /= 2 }
            try db.execute(sql: Self.sql(rows: run), arguments: arguments(waiting[start..<start + run]))
            start += run
        }
        waiting.removeAll(keepingCapacity: true)
    }

    private func arguments(_ records: some Collection<ShippedRecord>) -> StoreArguments {
        var arguments = StoreArguments([])
        arguments.values.reserveCapacity(records.count * 6)
        for record in records {
            arguments.values += StoreArguments([sensor, sequence, record.log, record.ts, record.uid, record.row]).values
        }
        return arguments
    }

    private static func sql(rows: Int) -> String {
        "INSERT INTO event (sensor, sequence, log, ts, uid, row) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
    }
}
