import ArgumentParser
import Foundation
import VigilCore
import VigilShipper

/// How a command sends logs to a hub: the sensor's identity (from `vigil enroll`, or made here
/// with --hub and --enroll), the batch size and the spool's limit.
struct ShippingOptions: ParsableArguments {
    @Option(help: "This sensor's identity folder (from `vigil enroll`).")
    var identity = "vigil-sensor"

    @Option(help: "Send to this hub's API address (https://HOST:PORT); with --enroll, join it first if this sensor has not.")
    var hub: String?

    @Option(help: "A one-time token from the hub (`vigil hub enroll-token`), to join it before sending.")
    var enroll: String?

    @Option(help: "The name to join the hub with (default: this host's name).")
    var sensorName = ProcessInfo.processInfo.hostName

    /// Whether the command sends to a hub at all.
    var isShipping: Bool { hub != nil }

    func validateShipping() throws {
        if enroll != nil && hub == nil { throw ValidationError("--enroll needs --hub, the hub's API address") }
    }

    /// Joins the hub first when asked to and not yet a member; says so.
    func enrollIfAsked() async throws {
        guard let enroll, let hub else { return }
        let folder = URL(fileURLWithPath: identity)
        if let existing = try? SensorIdentity.load(from: folder) {
            Terminal.info("vigil: already enrolled as \(existing.name) (\(identity)); --enroll not used")
            return
        }
        do {
            let joined = try await HubEnrollment.enroll(hub: hub, token: enroll, name: sensorName, directory: folder)
            Terminal.info("vigil: enrolled as \(joined.name); identity in \(identity)")
        } catch {
            Terminal.error("\(error)")
            throw VigilExit.hubError
        }
    }

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
