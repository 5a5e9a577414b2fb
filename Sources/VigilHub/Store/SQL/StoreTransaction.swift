/// What a database driver does inside one open transaction.
protocol StoreDriver: AnyObject {
    /// Runs a statement; returns how many rows it changed.
    func execute(sql: String, arguments: StoreArguments) throws -> Int
    func rows(sql: String, arguments: StoreArguments) throws -> [StoreRow]
    /// Runs an INSERT into a table keyed by an `id` the database assigns; returns that id.
    func insertReturningID(sql: String, arguments: StoreArguments) throws -> Int64
}

/// A driver that loads many rows into a table faster than multi-row INSERT statements can.
protocol RowCopying: StoreDriver {
    /// Appends rows (`values` holds them one after another, a value per column each).
    func copy(into table: String, columns: [String], values: ArraySlice<StoreValue>) throws
}

/// One transaction on the hub's store, on SQLite or PostgreSQL. The store's code is written
/// once against this; where the two databases spell a thing differently, `dialect` says which
/// spelling to use.
public final class StoreTransaction {
    let driver: any StoreDriver
    let dialect: SQLDialect
    /// How many rows the last `execute` changed.
    private(set) var changesCount = 0
    /// What this transaction appended to the audit log, once it has (see `PendingAudit`).
    var pendingAudit: PendingAudit?

    init(driver: any StoreDriver, dialect: SQLDialect) {
        self.driver = driver
        self.dialect = dialect
    }

    func execute(sql: String, arguments: StoreArguments = []) throws {
        changesCount = try driver.execute(sql: sql, arguments: arguments)
    }

    func rows(sql: String, arguments: StoreArguments = []) throws -> [StoreRow] {
        try driver.rows(sql: sql, arguments: arguments)
    }

    func insertReturningID(sql: String, arguments: StoreArguments = []) throws -> Int64 {
        changesCount = 1
        return try driver.insertReturningID(sql: sql, arguments: arguments)
    }
}
