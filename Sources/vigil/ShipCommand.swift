import ArgumentParser
import Foundation
import VigilCore
import VigilHubWire
import VigilShipper

struct ShipCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ship",
        abstract: "Send a folder of Zeek JSON logs (Vigil's or any Zeek's) and its assets.json to the hub.",
        discussion: """
            Rows are closed into signed, numbered batches in the identity's spool first, then sent; a batch \
            leaves the spool only when the hub acknowledged it, so an interrupted run loses nothing: run \
            `vigil ship` again (with or without a folder) to send what waits. The hub stores every batch once. \
            How far each log was shipped is kept (shipped.json in the identity folder), so shipping a folder \
            again sends only rows added since; with --follow, that happens every few seconds, which is how a \
            running sensor's or Zeek's log folder is fed to the hub.
            """)

    @Argument(help: "Log folders to send (none: only send what waits in the spool).")
    var folders: [String] = []

    @Option(help: "This sensor's identity folder (from `vigil enroll`).")
    var identity = "vigil-sensor"

    @Option(help: "Records per batch.")
    var batchSize = 5_000

    @Option(help: "The spool's limit in MiB; past it the oldest batches are dropped, counted.")
    var spoolLimit = 1024

    @Option(
        help: ArgumentHelp(
            "Keep running: every SECONDS, send what was added to the folders' logs and retry what waits.",
            valueName: "SECONDS"))
    var follow: Double?

    /// The sensor's identity and spool; a missing or broken one is named.
    func openSpool() throws -> (SensorIdentity, BatchSpool) {
        let result: Result<(SensorIdentity, BatchSpool), VigilError> = Result { () throws(VigilError) in
            let sensor = try SensorIdentity.load(from: URL(fileURLWithPath: identity))
            return (sensor, try BatchSpool(directory: sensor.spool, sensor: sensor.name, limitBytes: spoolLimit << 20))
        }
        switch result {
        case .success(let opened): return opened
        case .failure(let error):
            Terminal.error(error.description)
            throw VigilExit.inputError
        }
    }

    func run() async throws {
        let (sensor, spool) = try openSpool()
        let ledgerURL = sensor.directory.appendingPathComponent("shipped.json")
        var ledger = ShipLedger.recover(ShipLedger.load(from: ledgerURL), spool: spool)
        var failed = false
        while true {
            var records = 0
            for folder in folders {
                do {
                    let reader = LogFolderReader(directory: URL(fileURLWithPath: folder))
                    let skipped = try reader.read(batchSize: max(1, batchSize), ledger: &ledger) { batch, position in
                        try spool.add(batch, note: position.line)
                        try position.save(to: ledgerURL)
                        records += batch.count
                    }
                    try ledger.save(to: ledgerURL)
                    for s in skipped { Terminal.error("\(folder)/\(s.file): skipped: \(s.reason)") }
                } catch {
                    Terminal.error("\(folder): \(error)")
                    failed = true
                }
            }
            if spool.dropped > 0 { Terminal.error("the spool was full: dropped the \(spool.dropped) oldest batch(es) so far") }
            let report = try await BatchSender(identity: sensor, spool: spool).sendPending()
            if follow == nil || records > 0 || report.sent + report.duplicates > 0 || !report.refused.isEmpty {
                Terminal.result(
                    "Spooled \(records) record(s); sent \(report.sent) batch(es), \(report.duplicates) already stored, \(report.refused.count) refused, \(report.waiting) waiting"
                )
            }
            for reason in report.refused { Terminal.error("refused: \(reason)") }
            if let why = report.unreachable { Terminal.error("hub not reached, \(report.waiting) batch(es) wait in the spool: \(why)") }
            guard let follow else {
                if failed || report.unreachable != nil || !report.refused.isEmpty { throw VigilExit.inputError }
                return
            }
            try await Task.sleep(for: .seconds(follow))
        }
    }
}
