import Foundation
import GRDB
import GRDBSQLite

/// The store's driver on SQLite, through GRDB. Statements are prepared once per connection and
/// kept (GRDB's statement cache), which is what lets ingest insert a batch's rows fast.
final class SQLiteDriver: StoreDriver {
    let db: Database

    init(_ db: Database) { self.db = db }

    func execute(sql: String, arguments: StoreArguments) throws -> Int {
        if arguments.values.isEmpty && sql.contains(";") {
            // A script of several statements (the schema's migrations).
            try db.execute(sql: sql)
        } else if sql.hasPrefix("INSERT") {
            try insert(try db.cachedStatement(sql: sql), arguments.values)
        } else {
            try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
        }
        return db.changesCount
    }

    func rows(sql: String, arguments: StoreArguments) throws -> [StoreRow] {
        let statement = try db.cachedStatement(sql: sql)
        let columns = statement.columnNames
        return try Row.fetchAll(statement, arguments: Self.arguments(arguments)).map { row in
            StoreRow(columns: columns, values: (0..<columns.count).map { Self.value(row[$0] as DatabaseValue) })
        }
    }

    func insertReturningID(sql: String, arguments: StoreArguments) throws -> Int64 {
        try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
        return db.lastInsertedRowID
    }

    /// Runs an INSERT with its values bound through SQLite's own calls.
    ///
    /// Ingest inserts a batch's rows 256 to a statement, up to 2,560 values each. Through GRDB's
    /// arguments each value became an existential, then a `DatabaseValue`, then a binding: a
    /// third of the hub's writer time, on the one thread that stores every sensor's batches.
    /// Bound here, each value is one call. Only the INSERTs `execute` runs come this way: they
    /// change no transaction state that GRDB keeps track of.
    private func insert(_ statement: Statement, _ values: [StoreValue]) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        guard Int(sqlite3_bind_parameter_count(handle)) == values.count else {
            throw DatabaseError(
                resultCode: .SQLITE_MISUSE, message: "\(values.count) values for \(sqlite3_bind_parameter_count(handle)) parameters",
                sql: statement.sql)
        }
        for (offset, value) in values.enumerated() {
            let index = CInt(offset + 1)
            let code: CInt =
                switch value {
                case .null: sqlite3_bind_null(handle, index)
                case .integer(let v): sqlite3_bind_int64(handle, index, v)
                case .real(let v): sqlite3_bind_double(handle, index, v)
                case .text(var v): v.withUTF8 { sqlite3_bind_text(handle, index, $0.baseAddress, CInt($0.count), Self.transient) }
                // An empty array may have no address, which SQLite would bind as NULL.
                case .blob(let v) where v.isEmpty: sqlite3_bind_zeroblob(handle, index, 0)
                case .blob(let v): v.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, CInt($0.count), Self.transient) }
                }
            guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code), sql: statement.sql) }
        }
        var code = sqlite3_step(handle)
        while code == SQLITE_ROW { code = sqlite3_step(handle) }
        // A failed step leaves the statement to be reset before its next use, which `insert`
        // does first; the message is the connection's, as GRDB reports it.
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: statement.sql)
        }
        sqlite3_clear_bindings(handle)
    }

    /// SQLite's "copy the value before returning" destructor (SQLITE_TRANSIENT, a C macro Swift
    /// does not import): the bound text and blobs are Swift's, alive only during the call.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    static func arguments(_ arguments: StoreArguments) -> StatementArguments {
        StatementArguments(
            arguments.values.map { value -> (any DatabaseValueConvertible)? in
                switch value {
                case .null: nil
                case .integer(let v): v
                case .real(let v): v
                case .text(let v): v
                case .blob(let v): Data(v)
                }
            })
    }

    static func value(_ value: DatabaseValue) -> StoreValue {
        switch value.storage {
        case .null: .null
        case .int64(let v): .integer(v)
        case .double(let v): .real(v)
        case .string(let v): .text(v)
        case .blob(let v): .blob(Array(v))
        }
    }
}
