import ArgumentParser
import Foundation
import VigilCore
import VigilShipper

/// How a command sends logs to a hub: the sensor's identity (from `vigil enroll`), the batch
/// size and the spool's limit.
struct ShippingOptions: ParsableArguments {
    @Option(help: "This sensor's identity folder (from `vigil enroll`).")
    var identity = "vigil-sensor"

    @Option(help: "Records per batch.")
    var batchSize = 5_000

    @Option(help: "The spool's limit in MiB; past it the oldest batches are dropped, counted.")
    var spoolLimit = 1024

    func shipper(folders: [String]) throws -> FolderShipper {
        let result = Result { () throws(VigilError) in
            try FolderShipper(
                identity: try SensorIdentity.load(from: URL(fileURLWithPath: identity)),
                folders: folders.map { URL(fileURLWithPath: $0) }, batchSize: batchSize, spoolLimitBytes: spoolLimit << 20)
        }
        switch result {
        case .success(let shipper): return shipper
        case .failure(let error):
            Terminal.error(error.description)
            throw VigilExit.inputError
        }
    }

    /// Prints a round: its line on stdout (always, or only when something happened), and every
    /// skip, failure, refusal and wait on stderr.
    static func report(_ round: FolderShipper.Round, always: Bool) {
        for line in round.skipped + round.failures { Terminal.error(line) }
        if always || round.isEventful { Terminal.result(FolderShipper.describe(round)) }
        if round.droppedSoFar > 0 { Terminal.error("the spool was full: dropped the \(round.droppedSoFar) oldest batch(es) so far") }
        for reason in round.send.refused { Terminal.error("refused: \(reason)") }
        if let why = round.send.unreachable {
            Terminal.error("hub not reached, \(round.send.waiting) batch(es) wait in the spool: \(why)")
        }
    }
}
