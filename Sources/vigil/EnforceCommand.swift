import ArgumentParser
import Foundation
import VigilCore
import VigilHubWire
import VigilShipper

struct EnforceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enforce",
        abstract: "Apply the hub's response rulesets on this gateway or firewall host with nft, and restore Modbus setpoints.",
        discussion: """
            Joins the hub as an enforcer (a one-time token from `vigil hub enroll-token`, given once with \
            --enroll), then waits for the hub's ruleset: every block, quarantine and rate-limit in force, as one \
            nftables script for the table `inet vigil`, applied with `nft -f` all or nothing. Each change is \
            reported back to the hub, which keeps it in its audit log. Blocks carry their own timeouts in the \
            kernel, so they lapse even if this enforcer or the hub stops. A restore writes a register's or \
            coil's known good value and reads it back. Needs root (nft) and a route to the devices. \
            docs/HUB.md, "Response", explains playbooks and approvals.
            """)

    @Option(help: "The hub's API address, e.g. https://hub.city.example:8443 (needed with --enroll).")
    var hub: String?

    @Option(help: "A one-time token from the hub, to join it as an enforcer on the first run.")
    var enroll: String?

    @Option(help: "The name to join the hub with (default: this host's name).")
    var name = ProcessInfo.processInfo.hostName

    @Option(help: "This enforcer's identity folder: key, certificate, and the last ruleset applied (applied.nft).")
    var identity = "vigil-enforcer"

    @Option(help: "The nft program.")
    var nft = "nft"

    @Flag(help: "Check each ruleset with `nft -c` and report it, but apply nothing and restore nothing.")
    var dryRun = false

    @Flag(help: "Apply the ruleset in force once, then exit (for a first check, or from a timer).")
    var once = false

    @Flag(help: "Remove Vigil's table from this host (every block it holds) and exit; the hub is not asked.")
    var remove = false

    func run() async throws {
        let command = NftCommand(path: nft)
        if remove {
            if let error = command.removeTable() {
                Terminal.error("nft: \(error)")
                throw VigilExit.outputError
            }
            Terminal.result("Removed table inet vigil: no Vigil block is in force on this host")
            return
        }
        let me = try await joinedIdentity()
        let client: EnforcerClient
        do {
            client = try EnforcerClient(identity: me)
        } catch {
            Terminal.error("\(error)")
            throw VigilExit.inputError
        }
        defer { Task { await client.shutdown() } }
        Terminal.result("Enforcer \(me.name): waiting for rulesets from \(me.settings.ingest)")
        // No version yet: the hub answers the first poll with the ruleset in force, even an
        // empty one, so that a restarted enforcer never keeps blocks the hub has since ended.
        // The version last received, applied or not: a ruleset nft refused is not asked for
        // again (the hub would answer at once, over and over) but waits for the next version.
        var received: Int64 = -1
        // Each restore is done once; its outcome is sent with every report until the hub has
        // taken it (a report lost on the way must not lose a restore's result).
        var restores: [Int64: RestoreOutcome] = [:]
        var failures = 0
        while true {
            do {
                if let ruleset = try await client.poll(applied: received, wait: once ? 0 : EnforcerPoll.longestWait) {
                    let report = enforce(ruleset, with: command, restores: &restores, as: me.name)
                    received = ruleset.version
                    try await client.report(report)
                    // The hub has the outcomes now, and ends those restores with the same change.
                    for outcome in report.restores { restores[outcome.action] = nil }
                } else if once {
                    Terminal.result("No ruleset: nothing is in force")
                }
                failures = 0
            } catch {
                failures += 1
                Terminal.error("hub not reached (\(failures) time(s) in a row): \(error)")
                if once { throw VigilExit.hubError }
                // Blocks already applied stay in force (until their own timeouts) while the
                // hub is away; wait a little longer after each failure, at most 30 s.
                try await Task.sleep(for: .seconds(min(30, failures * 2)))
            }
            if once { return }
        }
    }

    /// Applies one ruleset and does its new restores; what to report.
    func enforce(
        _ ruleset: EnforcerRuleset, with command: NftCommand, restores done: inout [Int64: RestoreOutcome], as name: String
    ) -> EnforcerReport {
        var error = dryRun ? command.check(ruleset.ruleset) : command.apply(ruleset.ruleset)
        let verb = dryRun ? "Checked" : "Applied"
        if let error {
            Terminal.error("ruleset version \(ruleset.version) refused by nft, nothing of it applied: \(error)")
        } else {
            Terminal.result("\(verb) ruleset version \(ruleset.version): \(ruleset.actions.count) action(s) in force")
            if !dryRun {
                try? ruleset.ruleset.write(
                    to: URL(fileURLWithPath: identity).appendingPathComponent("applied.nft"), atomically: true, encoding: .utf8)
            }
        }
        if dryRun, error == nil { error = "dry run: nft -c accepted the ruleset; nothing was applied" }
        var outcomes: [RestoreOutcome] = []
        for restore in ruleset.restores where !dryRun {
            if let earlier = done[restore.action] {
                outcomes.append(earlier)
                continue
            }
            let outcome = ModbusRestorer().restore(restore)
            done[restore.action] = outcome
            outcomes.append(outcome)
            let place = "\(restore.server) unit \(restore.unit) \(restore.table.rawValue) \(restore.address)"
            if outcome.restored {
                Terminal.result("Restored \(place) to \(restore.value), read back \(outcome.readBack ?? -1)")
            } else {
                Terminal.error("restore of \(place) failed: \(outcome.error ?? "?")")
            }
        }
        return EnforcerReport(
            enforcer: name, version: ruleset.version, applied: error == nil, error: error, restores: outcomes,
            time: Date().timeIntervalSince1970)
    }

    /// This enforcer's identity, joining the hub first when --enroll is given and it has none.
    func joinedIdentity() async throws -> SensorIdentity {
        let folder = URL(fileURLWithPath: identity)
        if let existing = try? SensorIdentity.load(from: folder) { return existing }
        guard let enroll, let hub else {
            Terminal.error("\(identity) holds no enforcer identity: join the hub first with --hub URL --enroll TOKEN")
            throw VigilExit.inputError
        }
        do {
            let joined = try await HubEnrollment.enroll(hub: hub, token: enroll, name: name, directory: folder, kind: .enforcer)
            Terminal.info("vigil: enrolled as enforcer \(joined.name); identity in \(identity)")
            return joined
        } catch {
            Terminal.error("\(error)")
            throw VigilExit.hubError
        }
    }
}
