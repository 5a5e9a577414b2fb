/// Inserts rows into one table several to a statement, in the order they came.
///
/// One statement per row made ingest a round trip per row on PostgreSQL. Rows wait here and
/// go in runs of 256 (at most 2,560 values a statement, far below either database's limit on
/// placeholders), the rest in runs of 128, 64, … 1: few statements per batch, and only nine
/// shapes of statement for the drivers to prepare and keep.
struct BatchedInsert {
    static let longestRun = 256
    let db: StoreTransaction
    let table: String
    let columns: [String]
    /// What follows the rows (an `ON CONFLICT` clause), if anything.
    let onConflict: String
    private var waiting: [StoreValue] = []
    private var waitingRows = 0
    private var statements: [Int: String] = [:]
    /// Whether `add` inserts the waiting rows once there are 64; when not, the caller does, as
    /// rows that refer to rows of another table must wait for those to go in first.
    let flushesWhenFull: Bool

    init(_ db: StoreTransaction, into table: String, columns: [String], onConflict: String = "", flushesWhenFull: Bool = true) {
        self.db = db
        self.table = table
        self.columns = columns
        self.onConflict = onConflict
        self.flushesWhenFull = flushesWhenFull
        waiting.reserveCapacity(Self.longestRun * columns.count)
    }

    /// Whether a full run waits.
    var isFull: Bool { waitingRows >= Self.longestRun }

    /// Adds one row: a value for each column, in order.
    mutating func add(_ row: StoreArguments) throws {
        precondition(row.values.count == columns.count, "\(table): \(row.values.count) values for \(columns.count) columns")
        waiting += row.values
        waitingRows += 1
        if flushesWhenFull && isFull { try flush() }
    }

    mutating func flush() throws {
        let width = columns.count
        var start = 0
        var run = Self.longestRun
        while start < waitingRows {
            while run > waitingRows - start { run /= 2 }
            var arguments = StoreArguments([])
            arguments.values = Array(waiting[start * width..<(start + run) * width])
            try db.execute(sql: statement(rows: run), arguments: arguments)
            start += run
        }
        waiting.removeAll(keepingCapacity: true)
        waitingRows = 0
    }

    private mutating func statement(rows: Int) -> String {
        if let sql = statements[rows] { return sql }
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let sql =
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES " + Array(repeating: row, count: rows).joined(separator: ", ")
            + (onConflict.isEmpty ? "" : " " + onConflict)
        statements[rows] = sql
        return sql
    }
}
