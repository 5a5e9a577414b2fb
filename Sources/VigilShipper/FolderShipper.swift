import Foundation
import VigilCore
import VigilHubWire

/// One round of shipping log folders to the hub: what was added to their logs since the last
/// round is closed into batches in the spool (with the ledger noted in each), then everything
/// the spool holds is sent. `vigil ship` runs one round, or one every few seconds with
/// `--follow`; `vigil analyze --ship` one at the end; `vigil sensor --ship` one every few
/// seconds while it captures and a last one when it stops.
public final class FolderShipper {
    public struct Round: Sendable {
        public var records = 0
        public var skipped: [String] = []
        public var failures: [String] = []
        public var send = BatchSender.Report()
        public var droppedSoFar = 0

        /// Anything worth a line on the terminal in follow mode.
        public var isEventful: Bool {
            records > 0 || send.sent + send.duplicates > 0 || !send.refused.isEmpty || !failures.isEmpty
        }
        public var isClean: Bool { failures.isEmpty && send.unreachable == nil && send.refused.isEmpty }
    }

    public let identity: SensorIdentity
    public let spool: BatchSpool
    public let folders: [URL]
    public let batchSize: Int
    private var ledger: ShipLedger
    private var ledgerURL: URL { identity.directory.appendingPathComponent("shipped.json") }

    public init(identity: SensorIdentity, folders: [URL], batchSize: Int = 5_000, spoolLimitBytes: Int = 1 << 30) throws(VigilError) {
        self.identity = identity
        self.folders = folders
        self.batchSize = max(1, batchSize)
        spool = try BatchSpool(directory: identity.spool, sensor: identity.name, limitBytes: spoolLimitBytes)
        ledger = ShipLedger.recover(ShipLedger.load(from: identity.directory.appendingPathComponent("shipped.json")), spool: spool)
    }

    public func round() async throws -> Round {
        var round = Round()
        for folder in folders {
            do {
                let skipped = try LogFolderReader(directory: folder).read(batchSize: batchSize, ledger: &ledger) { batch, position in
                    try spool.add(batch, note: position.line)
                    try position.save(to: ledgerURL)
                    round.records += batch.count
                }
                round.skipped += skipped.map { "\(folder.path)/\($0.file): skipped: \($0.reason)" }
            } catch {
                round.failures.append("\(folder.path): \(error)")
            }
        }
        ledger.forgetMissingFiles()
        try? ledger.save(to: ledgerURL)
        round.droppedSoFar = spool.dropped
        round.send = try await BatchSender(identity: identity, spool: spool).sendPending()
        return round
    }

    /// The round's line for the terminal.
    public static func describe(_ round: Round) -> String {
        "Shipped: spooled \(round.records) record(s); sent \(round.send.sent) batch(es), \(round.send.duplicates) already stored, "
            + "\(round.send.refused.count) refused, \(round.send.waiting) waiting"
    }
}
