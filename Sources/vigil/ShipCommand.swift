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
            `vigil ship` again (with or without a folder) to send what waits. The hub stores every batch once.
            """)

    @Argument(help: "Log folders to send (none: only send what waits in the spool).")
    var folders: [String] = []

    @Option(help: "This sensor's identity folder (from `vigil enroll`).")
    var identity = "vigil-sensor"

    @Option(help: "Records per batch.")
    var batchSize = 5_000

    @Option(help: "The spool's limit in MiB; past it the oldest batches are dropped, counted.")
    var spoolLimit = 1024

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
        var failed = false
        var records = 0
        for folder in folders {
            do {
                let skipped = try LogFolderReader(directory: URL(fileURLWithPath: folder)).read(batchSize: max(1, batchSize)) { batch in
                    try spool.add(batch)
                    records += batch.count
                }
                for s in skipped { Terminal.error("\(folder)/\(s.file): skipped: \(s.reason)") }
            } catch {
                Terminal.error("\(folder): \(error)")
                failed = true
            }
        }
        if spool.dropped > 0 { Terminal.error("the spool was full: dropped the \(spool.dropped) oldest batch(es)") }
        let report = try await BatchSender(identity: sensor, spool: spool).sendPending()
        Terminal.result(
            "Spooled \(records) record(s); sent \(report.sent) batch(es), \(report.duplicates) already stored, \(report.refused.count) refused, \(report.waiting) waiting"
        )
        for reason in report.refused { Terminal.error("refused: \(reason)") }
        if let why = report.unreachable { Terminal.error("hub not reached, \(report.waiting) batch(es) wait in the spool: \(why)") }
        if failed || report.unreachable != nil || !report.refused.isEmpty { throw VigilExit.inputError }
    }
}
