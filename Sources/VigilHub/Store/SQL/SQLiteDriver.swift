import Foundation
import GRDB

/// The store's driver on SQLite, through GRDB. Statements are prepared once per connection and
/// kept (GRDB's statement cache), which is what lets ingest insert a batch's rows fast.
final class SQLiteDriver: StoreDriver {
    let db: Database

    init(_ db: Database) { self.db = db }

    func execute(sql: String, arguments: StoreArguments) throws -> Int {
        if arguments.values.isEmpty && sql.contains(";") {
            // A script of several statements (the schema's migrations).
            try db.execute(sql: sql)
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
