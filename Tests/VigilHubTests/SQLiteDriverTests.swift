import Foundation
import GRDB
import Testing

@testable import VigilHub

/// INSERTs bind their values through SQLite's own calls: every kind of value goes in and comes
/// back the same, and a failed insert says why and leaves the statement fit for the next rows.
@Suite struct SQLiteDriverTests {
    @Test func valuesOfEveryKindGoInAndComeBack() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            let driver = SQLiteDriver(db)
            _ = try driver.execute(sql: "CREATE TABLE t (k INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)", arguments: [])
            let text = "Zürich \u{1F68B} tram stop, \"quoted\""
            let rows: [[StoreValue]] = [
                [.integer(1), .integer(Int64.min), .real(-0.5), .text(text), .blob([0, 255, 7]), .null],
                [.integer(2), .integer(Int64.max), .real(1e300), .text(""), .blob([]), .text("x")],
            ]
            let sql = "INSERT INTO t (k, i, r, s, b, n) VALUES (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?)"
            var arguments = StoreArguments([])
            arguments.values = rows.flatMap { $0 }
            #expect(try driver.execute(sql: sql, arguments: arguments) == 2)
            let back = try driver.rows(sql: "SELECT k, i, r, s, b, n FROM t ORDER BY k", arguments: []).map { row in
                ["k", "i", "r", "s", "b", "n"].map { row.value($0) }
            }
            #expect(back == rows)
            #expect(try String.fetchOne(db, sql: "SELECT typeof(b) FROM t WHERE k = 2") == "blob")
        }
    }

    /// Text is bound by its length, not up to a first NUL as a C string would be.
    @Test func textIsBoundWhole() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            let driver = SQLiteDriver(db)
            _ = try driver.execute(sql: "CREATE TABLE t (s TEXT)", arguments: [])
            let text = "before\u{0}after é"
            _ = try driver.execute(sql: "INSERT INTO t (s) VALUES (?)", arguments: [text])
            let hex = try String.fetchOne(db, sql: "SELECT hex(CAST(s AS BLOB)) FROM t")
            #expect(hex == Array(text.utf8).map { String(format: "%02X", $0) }.joined())
        }
    }

    @Test func aFailedInsertSaysWhyAndTheNextOneWorks() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            let driver = SQLiteDriver(db)
            _ = try driver.execute(sql: "CREATE TABLE t (k INTEGER PRIMARY KEY, s TEXT NOT NULL)", arguments: [])
            let sql = "INSERT INTO t (k, s) VALUES (?, ?)"
            _ = try driver.execute(sql: sql, arguments: [1, "a"])
            #expect {
                try driver.execute(sql: sql, arguments: [1, "again"])
            } throws: { error in
                let error = error as? DatabaseError
                return error?.resultCode == .SQLITE_CONSTRAINT && error?.sql == sql && (error?.message ?? "").contains("t.k")
            }
            #expect(throws: DatabaseError.self) { try driver.execute(sql: sql, arguments: [2]) }
            #expect(try driver.execute(sql: sql, arguments: [2, "b"]) == 1)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == 2)
        }
    }
}
