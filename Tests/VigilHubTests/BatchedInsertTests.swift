import Foundation
import NIOCore
import Testing

@testable import VigilHub

/// Rows inserted many at once, by multi-row INSERT on SQLite and by COPY on PostgreSQL, read
/// back as they were given, whatever their values hold.
@Suite struct BatchedInsertTests {
    static let awkward: [[StoreValue]] = [
        [.integer(1), .real(1.5), .text("plain"), .blob([0x00, 0x5C, 0x0A, 0xFF])],
        [.integer(.min), .real(-2.5), .text("tab\tnew\nline\r\\N \\ back\\slash"), .blob([])],
        [.null, .real(1e300), .text("Zürich ✓ \u{1}"), .null],
        [.integer(.max), .null, .null, .blob(Array(0...255))],
        [.integer(0), .real(5e-324), .text(""), .blob([0x5C, 0x78])],
    ]

    @Test func everyKindOfValueComesBackAsGiven() async throws {
        let hub = try HubFixture()
        // More rows than one run of either path, so that both whole and partial runs are used.
        let rows = (0..<(BatchedInsert.longestCopy + 300)).map { Self.awkward[$0 % Self.awkward.count] }
        let stored = try await hub.database.write { db -> [[StoreValue]] in
            let blob = db.dialect == .postgres ? "BYTEA" : "BLOB"
            try db.execute(sql: "CREATE TABLE awkward (n BIGINT, x DOUBLE PRECISION, s TEXT, b \(blob))")
            var insert = BatchedInsert(db, into: "awkward", columns: ["n", "x", "s", "b"])
            for row in rows {
                var arguments = StoreArguments([])
                arguments.values = row
                try insert.add(arguments)
            }
            try insert.flush()
            let read = try StoreRow.fetchAll(db, sql: "SELECT n, x, s, b FROM awkward")
            try db.execute(sql: "DROP TABLE awkward")
            return read.map { row in ["n", "x", "s", "b"].map { row.value($0) } }
        }
        #expect(stored.count == rows.count)
        for (index, (got, sent)) in zip(stored, rows).enumerated() {
            #expect(got == sent, "row \(index)")
        }
    }

    /// The COPY text format's escapes (PostgreSQL documentation, COPY, "Text Format").
    @Test func copyTextEscapesWhatTheFormatReserves() {
        var buffer = ByteBuffer()
        let row: [StoreValue] = [.null, .integer(-5), .real(0.25), .text("a\tb\\c\nd\re"), .blob([0x00, 0xAB])]
        CopyText.encode(row[...], width: 5, into: &buffer)
        #expect(String(buffer: buffer) == "\\N\t-5\t0.25\ta\\tb\\\\c\\nd\\re\t\\\\x00ab\n")
    }
}
