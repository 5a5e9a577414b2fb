/// Inserts rows into one table several to a statement, in the order they came.
///
/// One statement per row made ingest a round trip per row on PostgreSQL. Rows wait here and
/// go in runs of 256 (at most 2,560 values a statement, far below either database's limit on
/// placeholders), the rest in runs of 128, 64, … 1: few statements per batch, and only nine
/// shapes of statement for the drivers to prepare and keep. A driver that can copy rows in
/// (PostgreSQL's COPY) gets them all at once instead, up to `longestCopy`, unless the rows
/// need an `ON CONFLICT` clause, which only an INSERT has.
struct BatchedInsert {
    static let longestRun = 256
    static let longestCopy = 8192
    let db: StoreTransaction
    let table: String
    let columns: [String]
    /// What follows the rows (an `ON CONFLICT` clause), if anything.
    let onConflict: String
    private var waiting: [StoreValue] = []
    private var waitingRows = 0
    private var statements: [Int: String] = [:]
    /// Whether `add` inserts the waiting rows once a run is full; when not, the caller does, as
    /// rows that refer to rows of another table must wait for those to go in first.
    let flushesWhenFull: Bool

    init(_ db: StoreTransaction, into table: String, columns: [String], onConflict: String = "", flushesWhenFull: Bool = true) {
        self.db = db
        self.table = table
        self.columns = columns
        self.onConflict = onConflict
        self.flushesWhenFull = flushesWhenFull
        copier = onConflict.isEmpty ? db.driver as? any RowCopying : nil
        waiting.reserveCapacity(Self.longestRun * columns.count)
    }

    /// Whether a full run waits.
    var isFull: Bool { waitingRows >= (copier == nil ? Self.longestRun : Self.longestCopy) }
    /// The driver, when it copies rows in and these rows need no conflict clause.
    private let copier: (any RowCopying)?

    /// Adds one row: a value for each column, in order.
    mutating func add(_ row: StoreArguments) throws {
        precondition(row.values.count == columns.count, "\(table): \(row.values.count) values for \(columns.count) columns")
        waiting += row.values
        waitingRows += 1
        if flushesWhenFull && isFull { try flush() }
    }

    mutating func flush() throws {
        let width = columns.count
        if let copier, waitingRows > 0 {
            try copier.copy(into: table, columns: columns, values: waiting[...])
            waiting.removeAll(keepingCapacity: true)
            waitingRows = 0
            return
        }
        var start = 0
        for run in Self.runLengths(waitingRows) {
            var arguments = StoreArguments([])
            arguments.values = Array(waiting[start * width..<(start + run) * width])
            try db.execute(sql: statement(rows: run), arguments: arguments)
            start += run
        }
        waiting.removeAll(keepingCapacity: true)
        waitingRows = 0
    }

    /// `items` cut into runs of `longestRun`, then one each of 128, 64, … 1 as needed: a
    /// statement for each run takes one of few shapes, which the drivers prepare once.
    static func runs<Item>(of items: [Item]) -> [ArraySlice<Item>] {
        var start = 0
        return runLengths(items.count).map { run in
            defer { start += run }
            return items[start..<start + run]
        }
    }

    /// The lengths of the runs `count` items are cut into.
    static func runLengths(_ count: Int) -> [Int] {
        var lengths: [Int] = []
        var left = count
        var run = longestRun
        while left > 0 {
            while run > left { run /= 2 }
            lengths.append(run)
            left -= run
        }
        return lengths
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
