import ArgumentParser

@main
struct Vigil: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Security monitoring for smart-city IoT and OT networks.",
        discussion: """
            Reads captures or a live interface, follows every flow, decodes IoT/OT protocols, names \
            every device, and writes Zeek-compatible logs.

            Exit codes: 0 success; 1 an input could not be read completely (everything decoded \
            before the fault is kept and logged); 2 output could not be written; 64 usage error.
            """,
        version: "0.1.0",
        subcommands: [
            AnalyzeCommand.self, SensorCommand.self, DetectCommand.self, BaselineCommand.self, VulnsCommand.self, HubCommand.self,
            EnrollCommand.self, ShipCommand.self, EnforceCommand.self, OSDPGroupCommand.self,
        ])
}
