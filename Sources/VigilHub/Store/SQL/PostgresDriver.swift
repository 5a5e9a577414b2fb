import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The store's driver on PostgreSQL, through postgres-nio, inside a transaction that
/// `PostgresStore` opened. The store's queries are synchronous (they are shared with SQLite,
/// whose driver is), so each waits for its answer; `PostgresStore` runs them on threads of its
/// own, never on an event loop or the async executor.
final class PostgresDriver: RowCopying {
    let connection: PostgresConnection
    let logger: Logger

    init(_ connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    func execute(sql: String, arguments: StoreArguments) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    func rows(sql: String, arguments: StoreArguments) throws -> [StoreRow] {
        let result = try run(sql, arguments)
        var columns: [String]?
        return result.rows.map { row in
            var names: [String] = []
            var values: [StoreValue] = []
            for cell in row {
                if columns == nil { names.append(cell.columnName) }
                values.append(Self.value(cell))
            }
            if columns == nil { columns = names }
            return StoreRow(columns: columns ?? names, values: values)
        }
    }

    func insertReturningID(sql: String, arguments: StoreArguments) throws -> Int64 {
        let result = try run(sql + " RETURNING id", arguments)
        guard let id = result.rows.first.flatMap({ $0.first }).map(Self.value).flatMap(Int64.fromStoreValue) else {
            throw PostgresStoreError("INSERT returned no id: \(sql)")
        }
        return id
    }

    /// Sends the rows with `COPY … FROM STDIN`: a multi-row INSERT is parsed and planned anew
    /// for each run of rows, which was most of the server's time when a batch was stored.
    func copy(into table: String, columns: [String], values: ArraySlice<StoreValue>) throws {
        var buffer = ByteBuffer()
        CopyText.encode(values, width: columns.count, into: &buffer)
        let (connection, logger, rows) = (self.connection, self.logger, buffer)
        let copied = connection.eventLoop.makePromise(of: Void.self)
        copied.completeWithTask {
            try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in try await writer.write(rows) }
        }
        do {
            try copied.futureResult.wait()
        } catch let error as PSQLError {
            throw PostgresStoreError(error, in: "COPY \(table)")
        }
    }

    private func run(_ sql: String, _ arguments: StoreArguments) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: arguments.values.count)
        for value in arguments.values {
            switch value {
            case .null: binds.appendNull()
            case .integer(let v): binds.append(v)
            case .real(let v): binds.append(v)
            case .text(let v): binds.append(v)
            case .blob(let v): binds.append(ByteBuffer(bytes: v))
            }
        }
        do {
            return try connection.query(PostgresQuery(unsafeSQL: Self.numberedStatements.numbered(sql), binds: binds), logger: logger)
                .wait()
        } catch let error as PSQLError {
            throw PostgresStoreError(
                error, in: sql.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "))
        }
    }

    /// The store's statements come from a few templates, run again and again: each is
    /// numbered once.
    static let numberedStatements = NumberedStatements()

    /// The statement with SQLite's `?` placeholders numbered as PostgreSQL's `$1`, `$2`, …,
    /// leaving question marks inside quoted text and names alone.
    static func numbered(_ sql: String) -> String {
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var quote: Character?
        var count = 0
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                result.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                result.append(character)
            } else if character == "?" {
                count += 1
                result += "$\(count)"
            } else {
                result.append(character)
            }
        }
        return result
    }

    static func value(_ cell: PostgresCell) -> StoreValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return (try? cell.decode(Int64.self)).map { .integer($0) } ?? .null
        case .float4, .float8: return (try? cell.decode(Double.self)).map { .real($0) } ?? .null
        case .bool: return (try? cell.decode(Bool.self)).map { .integer($0 ? 1 : 0) } ?? .null
        case .bytea: return (try? cell.decode(ByteBuffer.self)).map { .blob(Array($0.readableBytesView)) } ?? .null
        case .numeric: return (try? cell.decode(Decimal.self)).map { .text("\($0)") } ?? .null
        default: return (try? cell.decode(String.self)).map { .text($0) } ?? .null
        }
    }
}

/// A failure of the PostgreSQL store that postgres-nio did not itself report.
struct PostgresStoreError: Error, CustomStringConvertible {
    let description: String
    /// The server could not be reached, or is not accepting connections yet: trying again
    /// later may succeed, unlike a refused password or a database that does not exist.
    var unreachable = false

    init(_ description: String) { self.description = description }

    /// A statement the server refused. postgres-nio's own description hides the server's
    /// message, lest it hold data; the hub's logs and errors need it, and the statement, to be
    /// of any use.
    init(_ error: PSQLError, in statement: String) {
        description =
            "PostgreSQL: \(error.serverInfo?[.message] ?? "\(error.code)") (\(error.serverInfo?[.sqlState] ?? "no state")) in: \(statement)"
    }

    init(connecting location: String, _ error: any Error) {
        var reason = String(reflecting: error)
        if let error = error as? PSQLError, let message = error.serverInfo?[.message] {
            reason = message
            // SQLSTATE class 28 is a refused authorization, 3D000 a database that does not
            // exist: waiting will not change either. Anything else from the server while
            // connecting (57P03: the database system is starting up) may pass.
            let state = error.serverInfo?[.sqlState] ?? ""
            unreachable = !(state.hasPrefix("28") || state == "3D000")
        } else {
            unreachable = true
        }
        description = "cannot connect to \(location): \(reason)"
    }
}
