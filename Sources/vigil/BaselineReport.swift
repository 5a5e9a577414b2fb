import Foundation
import VigilCore
import VigilDetect
import VigilInventory
import VigilLogs
import VigilVulns

/// `analyze --baseline`: the run's logs and inventory checked against a baseline, into the
/// run's notice.log.
enum BaselineReport {
    static func load(_ path: String) throws -> Baseline {
        do {
            return try JSONDecoder().decode(Baseline.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch is DecodingError {
            Terminal.error("\(path): not a baseline file (make one with `vigil baseline learn`)")
            throw VigilExit.inputError
        } catch {
            Terminal.error("\(path): cannot read; make one with `vigil baseline learn LOGS --out \(path)`")
            throw VigilExit.inputError
        }
    }

    /// Writes the baseline as sorted, indented JSON (whole, never half-written).
    static func save(_ baseline: Baseline, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var b = baseline
        b.pairs.sort { ($0.client, $0.server, $0.port) < ($1.client, $1.server, $1.port) }
        try encoder.encode(b).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Ends a live sensor's learning window: the baseline it learned is written to `path`,
    /// and its workers check every row against it from then on.
    static func finishLearning(
        _ learning: LiveBaselineLearning, identities: [String: BaselineAsset], source: String, to path: String, quiet: Bool = false
    ) throws {
        let (learned, rows) = learning.finish(identities: identities, source: source)
        do { try save(learned, to: path) } catch {
            Terminal.error("\(path): cannot write the learned baseline: \(error.localizedDescription)")
            throw VigilExit.outputError
        }
        guard !quiet else { return }
        Terminal.info("vigil: learned \(contents(learned)) from \(rows) row(s) into \(path); naming differences from it from now on")
    }

    /// What a baseline holds, counted: `10 pair(s), 12 function(s) on them, …`.
    static func contents(_ b: Baseline) -> String {
        let functions = b.pairs.reduce(0) { $0 + $1.functions.values.reduce(0) { $0 + $1.count } }
        let periods = b.pairs.reduce(0) { $0 + ($1.periods ?? [:]).values.reduce(0) { $0 + $1.count } }
        return "\(b.pairs.count) pair(s), \(functions) function(s) on them, \(periods) polling period(s), "
            + "\((b.points ?? []).count) polled point(s) and \(b.assets.count) device identit(ies)"
    }

    /// What the workers' rows showed that the baseline does not know, and the inventory's
    /// identities compared with the learned ones; writes a notice per difference.
    static func write(_ checks: [StreamBaseline], inventory: AssetInventory, into files: LogFiles) throws -> [BaselineChecker.Deviation] {
        let deviations = StreamBaseline.deviations(checks, identities: identities(inventory))
        try write(deviations, into: files)
        return deviations
    }

    /// A live sensor's sweeps counted since the last call, and its identity changes and
    /// polling periods changed, not named before; an identity change becomes a notice at the
    /// time a device was last seen, a period at the time of the last request counted.
    static func writeLiveChanges(_ live: LiveBaselineCheck, inventory: AssetInventory, into files: LogFiles) throws {
        let time = inventory.assets.map(\.lastSeen).max().map { Double($0.nanoseconds) / 1e9 }
        try write(live.sweepSummaries() + live.periodChanges() + live.identityChanges(identities(inventory), at: time), into: files)
    }

    /// Each device's identity by address, as a baseline records it.
    static func identities(_ inventory: AssetInventory) -> [String: BaselineAsset] {
        var identities: [String: BaselineAsset] = [:]
        for a in inventory.assets {
            let d = DeviceIdentity(a)
            let asset = BaselineAsset(
                mac: d.mac, vendor: d.vendor?.value, model: d.model?.value ?? d.product?.value, firmware: d.firmware?.value,
                serial: a.identity[.serial]?.value)
            for ip in d.ips { identities[ip] = asset }
        }
        return identities
    }

    private static func write(_ deviations: [BaselineChecker.Deviation], into files: LogFiles) throws {
        guard !deviations.isEmpty else { return }
        let logs = LogDirectory(files: files)
        for d in deviations { try logs.write(NoticeLog.record(d), now: .zero) }
        logs.flush()
    }

    static func summary(_ deviations: [BaselineChecker.Deviation]) -> String {
        guard !deviations.isEmpty else { return "Baseline: no difference" }
        var lines = ["Baseline: \(deviations.count) difference(s)"]
        // A sweep stands for many addresses: it is listed first.
        let listed = deviations.filter { $0.kind == .sweep } + deviations.filter { $0.kind != .sweep }
        for d in listed.prefix(10) { lines.append("  \(d.message)") }
        if deviations.count > 10 { lines.append("  … and \(deviations.count - 10) more in notice.log") }
        return lines.joined(separator: "\n")
    }
}
