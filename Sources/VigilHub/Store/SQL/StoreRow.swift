/// One row a query returned, read by column name.
public struct StoreRow: Sendable {
    let columns: [String]
    let values: [StoreValue]

    init(columns: [String], values: [StoreValue]) {
        self.columns = columns
        self.values = values
    }

    func value(_ name: String) -> StoreValue {
        guard let index = columns.firstIndex(of: name) else { preconditionFailure("no column \(name) in \(columns)") }
        return values[index]
    }

    /// The column's value, or nil when it is NULL.
    public subscript<Value: StoreValueConvertible>(_ name: String) -> Value? {
        Value.fromStoreValue(value(name))
    }

    /// The column's value where the schema says it is never NULL; reading NULL there is a
    /// programming error, as it is in GRDB.
    public subscript<Value: StoreValueConvertible>(_ name: String) -> Value {
        guard let result = Value.fromStoreValue(value(name)) else {
            preconditionFailure("column \(name) holds \(value(name)), not a \(Value.self)")
        }
        return result
    }

    /// The first column's value, for queries that select one.
    func first<Value: StoreValueConvertible>(as type: Value.Type) -> Value? {
        values.first.flatMap(Value.fromStoreValue)
    }

    static func fetchAll(_ db: StoreTransaction, sql: String, arguments: StoreArguments = []) throws -> [StoreRow] {
        try db.rows(sql: sql, arguments: arguments)
    }

    static func fetchOne(_ db: StoreTransaction, sql: String, arguments: StoreArguments = []) throws -> StoreRow? {
        try db.rows(sql: sql, arguments: arguments).first
    }
}

extension StoreValueConvertible {
    /// The first column of the first row, or nil when there is no row or it holds NULL.
    static func fetchOne(_ db: StoreTransaction, sql: String, arguments: StoreArguments = []) throws -> Self? {
        try db.rows(sql: sql, arguments: arguments).first?.first(as: Self.self)
    }

    /// The first column of every row that is not NULL.
    static func fetchAll(_ db: StoreTransaction, sql: String, arguments: StoreArguments = []) throws -> [Self] {
        try db.rows(sql: sql, arguments: arguments).compactMap { $0.first(as: Self.self) }
    }
}
