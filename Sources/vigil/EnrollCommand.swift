import ArgumentParser
import Foundation
import VigilCore
import VigilShipper

struct EnrollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll",
        abstract: "Join a hub with a one-time token: make this sensor's key and get its certificate.",
        discussion: """
            The key is made here and never leaves this machine. The hub's authority is checked against the \
            fingerprint inside the token before anything else is trusted.
            """)

    @Option(help: "The hub's API address, e.g. https://hub.city.example:8443.")
    var hub: String

    @Option(help: "The token `vigil hub enroll-token` printed.")
    var token: String

    @Option(help: "This sensor's name (letters, digits, '-', '_', '.').")
    var name: String = ProcessInfo.processInfo.hostName

    @Option(help: "Where to keep this sensor's key, certificate and spool.")
    var identity = "vigil-sensor"

    func run() async throws {
        do {
            let result = try await HubEnrollment.enroll(hub: hub, token: token, name: name, directory: URL(fileURLWithPath: identity))
            Terminal.result("Enrolled as \(result.name); batches go to \(result.settings.ingest)")
            Terminal.result("Identity: \(identity)")
        } catch {
            Terminal.error("\(error)")
            throw VigilExit.hubError
        }
    }
}
