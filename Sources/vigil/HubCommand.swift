import ArgumentParser
import Foundation
import Logging
import VigilCore
import VigilHub
import VigilHubWire
import VigilResponse

struct HubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub",
        abstract: "Run the hub that gathers what every sensor sees, and manage its sensors and audit log.",
        discussion: """
            Start with `vigil hub init`, then `vigil hub serve`. A sensor joins with a one-time token from \
            `vigil hub enroll-token` (`vigil enroll`), then sends its logs with `vigil ship`. docs/HUB.md \
            explains the design and every endpoint.
            """,
        subcommands: [
            HubInitCommand.self, HubServeCommand.self, HubEnrollTokenCommand.self, HubTokenCommand.self, HubRevokeCommand.self,
            HubSensorsCommand.self, HubUserCommand.self, HubAuditCommand.self,
        ])
}

struct HubInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Make a hub folder: a certificate authority, the hub's TLS certificate and its audit key.")

    @OptionGroup var folder: HubFolderOption

    @Option(name: .customLong("name"), help: "The hub's name, in its authority's name.")
    var hubName = "vigil"

    @Option(
        name: .customLong("server-name"),
        help: "A host name or address sensors use to reach the hub (repeatable; default: localhost, 127.0.0.1, ::1 and this host's name).")
    var serverNames: [String] = []

    func run() async throws {
        var names = serverNames
        if names.isEmpty { names = ["localhost", "127.0.0.1", "::1", ProcessInfo.processInfo.hostName] }
        do {
            let home = try HubHome.initialize(at: folder.url, hubName: hubName, serverNames: Array(Set(names)).sorted())
            let database = try folder.openDatabase(home)
            try BundledPlaybooks.install(into: folder.url.appendingPathComponent("playbooks"))
            let token = try await database.addAPIToken(name: "admin", role: .admin)
            try await database.appendAudit(
                actor: "hub", action: "init", subject: hubName, detail: "names \(names.joined(separator: " "))", key: home.auditKey)
            Terminal.result("Hub folder: \(folder.directory)")
            Terminal.result("Authority fingerprint (SHA-256): \(Hex.encode(home.authority.fingerprint))")
            Terminal.result("Admin API token (shown once): \(token)")
            Terminal.result("Next: vigil hub serve --dir \(folder.directory)")
        } catch let error as VigilError {
            Terminal.error(error.description)
            throw VigilExit.outputError
        }
    }
}

struct HubServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the API (TLS) and the sensors' ingest listener (mutual TLS).",
        discussion:
            "In a folder without a hub, sets one up first (as `vigil hub init` would) and prints an admin token and a first enrolment token."
    )

    @OptionGroup var folder: HubFolderOption

    @Option(help: "The API's address, HOST:PORT.")
    var listen = "127.0.0.1:8443"

    @Option(help: "The ingest listener's address, HOST:PORT; sensors must present the certificate the hub issued them.")
    var ingest = "127.0.0.1:8444"

    @Option(help: "Keep log rows (other than alerts) this many days, by their own time.")
    var keepEvents: Double = 30

    @Option(help: "Keep alerts, with their comments, this many days.")
    var keepAlerts: Double = 365

    @Option(help: "The folder of response playbooks (*.yml) alerts are answered with (default: playbooks/ in the hub's folder).")
    var playbooks: String?

    func run() async throws {
        if !FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("authority.pem").path) {
            try await firstStart()
        }
        let (home, database) = try await folder.openWaitingForDatabase()
        var server = HubServer(home: home, database: database)
        guard keepEvents > 0, keepAlerts > 0 else {
            Terminal.error("--keep-events and --keep-alerts are a number of days, more than 0")
            throw ExitCode.validationFailure
        }
        server.retention = Retention(eventDays: keepEvents, alertDays: keepAlerts)
        server.playbooks = try loadPlaybooks()
        do {
            server.api = try HubServer.Address(parsing: listen)
            server.ingest = try HubServer.Address(parsing: ingest)
        } catch {
            Terminal.error(error.description)
            throw ExitCode.validationFailure
        }
        var logger = Logger(label: "vigil-hub")
        logger.logLevel = .warning
        let app = try server.application(logger: logger) { listener, port in
            Terminal.result("Listening: \(listener) on port \(port)")
        }
        try await app.runService()
    }
}

extension HubServeCommand {
    /// The playbooks, or the first error in them: a hub does not start with a broken one.
    func loadPlaybooks() throws -> [Playbook] {
        let playbookFolder = playbooks.map { URL(fileURLWithPath: $0) } ?? folder.url.appendingPathComponent("playbooks")
        let loaded: [Playbook]
        do {
            loaded = try PlaybookLoader.load(folder: playbookFolder)
        } catch {
            Terminal.error(error.description)
            throw VigilExit.inputError
        }
        let automatic = loaded.filter { $0.approval == .automatic }.count
        Terminal.result("Playbooks: \(loaded.count) from \(playbookFolder.path) (\(automatic) automatic, the rest wait for approval)")
        return loaded
    }

    /// A first `serve` in a folder without a hub sets one up, as `vigil hub init` would with
    /// its defaults, and prints what is needed next: an admin token and a token for a first
    /// sensor.
    func firstStart() async throws {
        let names = ["localhost", "127.0.0.1", "::1", ProcessInfo.processInfo.hostName]
        do {
            let home = try HubHome.initialize(at: folder.url, hubName: "vigil", serverNames: Array(Set(names)).sorted())
            let database = try await folder.openDatabaseWaiting(home)
            try BundledPlaybooks.install(into: folder.url.appendingPathComponent("playbooks"))
            let admin = try await database.addAPIToken(name: "admin", role: .admin)
            try await database.appendAudit(actor: "hub", action: "init", subject: "vigil", detail: "by the first serve", key: home.auditKey)
            let sensorToken = try await Enroller(home: home, database: database).makeToken(lifetime: 3600, actor: "hub")
            Terminal.result("Set up a new hub in \(folder.directory)/ (authority, TLS certificate, audit key, hub.db)")
            Terminal.result("Admin API token (shown once): \(admin)")
            Terminal.result("Enrolment token for a first sensor (valid an hour): \(sensorToken)")
            Terminal.result(
                "  e.g. vigil analyze samples/city-sample.pcap --hub https://\(Self.displayHost(listen)) --enroll \(sensorToken)")
        } catch let error as VigilError {
            Terminal.error(error.description)
            throw VigilExit.outputError
        }
    }

    static func displayHost(_ listen: String) -> String {
        listen.hasPrefix("0.0.0.0:") ? "127.0.0.1:" + listen.dropFirst("0.0.0.0:".count) : listen
    }
}

struct HubEnrollTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll-token", abstract: "Make a one-time token that lets one sensor join (give it to `vigil enroll`).")

    @OptionGroup var folder: HubFolderOption

    @Option(help: "How long the token stays valid, in seconds.")
    var lifetime: Double = 3600

    func run() async throws {
        let (home, database) = try folder.open()
        let token = try await Enroller(home: home, database: database).makeToken(lifetime: lifetime, actor: "cli")
        Terminal.result(token.description)
    }
}

struct HubTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Make an API token for a person or a program (shown once).")

    @OptionGroup var folder: HubFolderOption

    @Argument(help: "Who holds the token.")
    var name: String

    @Option(help: "viewer, analyst or admin.")
    var role: String = "viewer"

    func run() async throws {
        guard let role = HubRole(rawValue: role) else {
            Terminal.error("--role \(role): expected viewer, analyst or admin")
            throw ExitCode.validationFailure
        }
        let (home, database) = try folder.open()
        let token = try await database.addAPIToken(name: name, role: role)
        try await database.appendAudit(actor: "cli", action: "token-add", subject: name, detail: role.rawValue, key: home.auditKey)
        Terminal.result(token)
    }
}

struct HubRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke a sensor: its connections and batches are refused from now on.")

    @OptionGroup var folder: HubFolderOption

    @Argument(help: "The sensor's name.")
    var sensor: String

    func run() async throws {
        let (home, database) = try folder.open()
        guard try await database.revoke(sensor) else {
            Terminal.error("no enrolled, unrevoked sensor is named \(sensor)")
            throw VigilExit.inputError
        }
        try await database.appendAudit(actor: "cli", action: "revoke", subject: sensor, detail: "from the command line", key: home.auditKey)
        Terminal.result("Revoked \(sensor)")
    }
}

struct HubSensorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensors", abstract: "List enrolled sensors: last batch, missing batches, events stored.")

    @OptionGroup var folder: HubFolderOption

    func run() async throws {
        let (_, database) = try folder.open()
        for sensor in try await database.sensors() {
            let counts = try await database.eventCounts(sensor: sensor.name)
            let state = sensor.revoked == nil ? "active" : "revoked"
            Terminal.result(
                "\(sensor.name)  \(state)  batches \(sensor.lastSequence)  missing \(sensor.missingBatches)  events \(counts.values.reduce(0, +))"
            )
        }
    }
}

struct HubAuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check the audit log against its signed tree heads, or print the newest head.",
        subcommands: [HubAuditVerifyCommand.self, HubAuditHeadCommand.self])
}

struct HubAuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Recompute the audit log's Merkle tree and check every signed tree head (exit 1 if tampered).")

    @OptionGroup var folder: HubFolderOption

    func run() async throws {
        let (home, database) = try folder.open()
        let report = AuditVerifier.verify(
            entries: try await database.auditEntries(), heads: try await database.treeHeads(), key: home.auditKey.publicKey)
        for problem in report.problems { Terminal.result("TAMPERED: \(problem)") }
        Terminal.result(
            "Audit log: \(report.entries) entries, \(report.heads) signed tree heads, \(report.isIntact ? "intact" : "NOT intact")")
        if !report.isIntact { throw VigilExit.inputError }
    }
}

struct HubAuditHeadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "head", abstract: "Print the newest signed tree head, to keep outside the hub.")

    @OptionGroup var folder: HubFolderOption

    func run() async throws {
        let (_, database) = try folder.open()
        guard let head = try await database.treeHeads().last else {
            Terminal.error("the audit log is empty")
            throw VigilExit.inputError
        }
        Terminal.result(
            "size \(head.size) root \(Data(head.root).base64EncodedString()) time \(head.time) signature \(Data(head.signature).base64EncodedString())"
        )
    }
}
