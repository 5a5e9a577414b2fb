import Foundation
import Testing

@testable import VigilHubWire
@testable import VigilShipper

/// What a second read of a log folder picks up: only rows added since, a rotated log not again,
/// a replaced log from its start, and the same rows in another folder as another run's.
@Suite struct ShipLedgerTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func rows(_ range: Range<Int>) -> String {
        range.map { #"{"ts":\#($0).5,"uid":"C\#($0)"}"# + "\n" }.joined()
    }

    static func read(_ folder: URL, _ ledger: inout ShipLedger) throws -> [String] {
        var uids: [String] = []
        _ = try LogFolderReader(directory: folder).read(batchSize: 7, ledger: &ledger) { records, _ in
            uids += records.map { String($0.row.split(separator: "\"")[5]) }
        }
        return uids
    }

    @Test func onlyWhatWasAddedIsReadAgain() throws {
        let logs = try Self.folder()
        let conn = logs.appendingPathComponent("conn.log")
        try Data(Self.rows(0..<10).utf8).write(to: conn)
        var ledger = ShipLedger()
        #expect(try Self.read(logs, &ledger).count == 10)
        #expect(try Self.read(logs, &ledger).isEmpty)

        // Two rows and half of a third, still being written.
        try Data((Self.rows(0..<12) + #"{"ts":12.5,"ui"#).utf8).write(to: conn)
        #expect(try Self.read(logs, &ledger) == ["C10", "C11"])

        // Rotated by renaming, and a new conn.log begun: the rotated file's rest, then the new one.
        try Data(Self.rows(0..<13).utf8).write(to: conn)
        try FileManager.default.moveItem(at: conn, to: logs.appendingPathComponent("conn.1-2.log"))
        try Data(Self.rows(100..<103).utf8).write(to: conn)
        #expect(try Self.read(logs, &ledger).sorted() == ["C100", "C101", "C102", "C12"])
        #expect(try Self.read(logs, &ledger).isEmpty)
    }

    @Test func theSameRowsInAnotherFolderAreAnotherRunsAndAreRead() throws {
        let first = try Self.folder()
        let second = try Self.folder()
        try Data(Self.rows(0..<5).utf8).write(to: first.appendingPathComponent("conn.log"))
        try Data(Self.rows(0..<5).utf8).write(to: second.appendingPathComponent("conn.log"))
        var ledger = ShipLedger()
        #expect(try Self.read(first, &ledger).count == 5)
        #expect(try Self.read(second, &ledger).count == 5)
    }

    @Test func aNewerNoteInTheSpoolWinsOverAStaleLedger() throws {
        let logs = try Self.folder()
        try Data(Self.rows(0..<20).utf8).write(to: logs.appendingPathComponent("conn.log"))
        let spool = try BatchSpool(directory: try Self.folder(), sensor: "s")
        var ledger = ShipLedger()
        var positions: [ShipLedger] = []
        _ = try LogFolderReader(directory: logs).read(batchSize: 7, ledger: &ledger) { records, position in
            try spool.add(records, note: position.line)
            positions.append(position)
        }
        // As if killed after spooling every batch but before saving any ledger.
        let recovered = ShipLedger.recover(ShipLedger(), spool: spool)
        #expect(recovered.files == positions.last?.files)
        #expect(recovered.generation == 3)
        var resumed = recovered
        #expect(try Self.read(logs, &resumed).isEmpty)
        // A saved ledger newer than the spool's notes is kept.
        var newer = ledger
        newer.generation = 10
        #expect(ShipLedger.recover(newer, spool: spool).generation == 10)
    }
}
