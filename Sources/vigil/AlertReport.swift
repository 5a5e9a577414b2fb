import Foundation
import VigilDetect
import VigilLogs
import VigilSensor

/// What analyze and detect share: loading rules (reporting each that fails) and the
/// terminal summary of alerts.
enum AlertReport {
    /// The rules in `paths`, and the correlation rules among them; each rule that cannot be
    /// loaded is named on stderr and the others are kept. No detection rule at all ends the
    /// command.
    static func rules(_ paths: [String], quiet: Bool) throws -> (RuleSet, Correlator?) {
        let pack = RuleLoader().load(paths: paths)
        var errors = pack.errors
        var correlations: [CorrelationRule] = []
        for c in pack.correlations {
            do {
                _ = try Correlator([c], detection: pack.rules)
                correlations.append(c)
            } catch {
                errors.append(error)
            }
        }
        for e in errors { Terminal.error(e.description) }
        guard !pack.rules.isEmpty else {
            Terminal.error("no rule could be loaded from \(paths.joined(separator: " "))")
            throw VigilExit.inputError
        }
        if !quiet && !errors.isEmpty {
            Terminal.error("\(errors.count) rule(s) refused, \(pack.rules.count + correlations.count) loaded")
        }
        let correlator = correlations.isEmpty ? nil : try? Correlator(correlations, detection: pack.rules)
        return (RuleSet(pack.rules, extraFields: correlator?.fields ?? []), correlator)
    }

    /// Writes the correlations' alerts into the run's notice.log and counts them: those of the
    /// matches up to `watermark` (a live sensor, every second), or all (the end of a run).
    static func writeCorrelations(_ correlator: Correlator?, gate: AlertGate, into files: LogFiles, upTo watermark: Double = .infinity)
        throws
    {
        guard let correlator else { return }
        let hits = correlator.evaluate(upTo: watermark)
        for hit in hits { gate.count(hit) }
        try NoticeWriter.write(hits.map(NoticeLog.record), into: files)
    }

    /// Alerts by level, then the rules that matched most, most severe first.
    static func summary(_ tally: AlertTally, rules: RuleSet, correlator: Correlator? = nil) -> String {
        let count = rules.rules.count + (correlator?.rules.count ?? 0)
        guard tally.matches > 0 else { return "Alerts: none (\(count) rules)" }
        let levels = tally.byLevel.map { "\($0.matches) \($0.level.rawValue)" }.joined(separator: ", ")
        var lines = ["Alerts: \(tally.notices) notice(s) from \(tally.matches) match(es) of \(count) rules: \(levels)"]
        for r in tally.rules.prefix(10) {
            lines.append(
                "  \(r.level.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0))\(String(r.matches).leftPadded(6))  \(r.title)")
        }
        if tally.rules.count > 10 { lines.append("  … and \(tally.rules.count - 10) more rule(s); see notice.log") }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
