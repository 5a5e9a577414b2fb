import Foundation
import VigilDetect

/// What analyze and detect share: loading rules (reporting each that fails) and the
/// terminal summary of alerts.
enum AlertReport {
    /// The rules in `paths`; each rule that cannot be loaded is named on stderr and the others
    /// are kept. No rule at all ends the command.
    static func rules(_ paths: [String], quiet: Bool) throws -> RuleSet {
        let pack = RuleLoader().load(paths: paths)
        for e in pack.errors { Terminal.error(e.description) }
        guard !pack.rules.isEmpty else {
            Terminal.error("no rule could be loaded from \(paths.joined(separator: " "))")
            throw VigilExit.inputError
        }
        if !quiet && !pack.errors.isEmpty {
            Terminal.error("\(pack.errors.count) rule(s) refused, \(pack.rules.count) loaded")
        }
        return RuleSet(pack.rules)
    }

    /// Alerts by level, then the rules that matched most, most severe first.
    static func summary(_ tally: AlertTally, rules: RuleSet) -> String {
        guard tally.matches > 0 else { return "Alerts: none (\(rules.rules.count) rules)" }
        let levels = tally.byLevel.map { "\($0.matches) \($0.level.rawValue)" }.joined(separator: ", ")
        var lines = ["Alerts: \(tally.notices) notice(s) from \(tally.matches) match(es) of \(rules.rules.count) rules: \(levels)"]
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
