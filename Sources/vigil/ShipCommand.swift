import ArgumentParser
import Foundation
import VigilCore
import VigilHubWire
import VigilShipper

struct ShipCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ship",
        abstract: "Send a folder of Zeek logs, JSON or TSV (Vigil's or any Zeek's), and its assets.json to the hub.",
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

    @OptionGroup var shipping: ShippingOptions

    @Option(
        help: ArgumentHelp(
            "Keep running: every SECONDS, send what was added to the folders' logs and retry what waits.", valueName: "SECONDS"))
    var follow: Double?

    func run() async throws {
        let shipper = try shipping.shipper(folders: folders)
        while true {
            let round = try await shipper.round()
            ShippingOptions.report(round, always: follow == nil)
            guard let follow else {
                if !round.failures.isEmpty { throw VigilExit.inputError }
                if !round.isClean { throw VigilExit.hubError }
                return
            }
            try await Task.sleep(for: .seconds(follow))
        }
    }
}
