import ArgumentParser
import VigilDetect

/// The rule options analyze, sensor and detect share.
struct DetectionOptions: ParsableArguments {
    @Option(
        name: .customLong("rules"),
        help: "Sigma rule files or folders (repeatable). Default: the rule pack shipped with Vigil (rules/).")
    var paths: [String] = []

    @Flag(name: .customLong("no-rules"), help: "Run no detection rules (no notice.log).")
    var disabled = false

    @Option(help: "Seconds of log time during which repeats of a rule for the same source and destination are counted, not written.")
    var suppressFor: Double = 3600

    func validate() throws {
        guard suppressFor >= 0 else { throw ValidationError("--suppress-for must not be negative") }
        if disabled && !paths.isEmpty { throw ValidationError("--no-rules and --rules cannot be used together") }
    }

    /// The rules and the gate their alerts pass through; nil with `--no-rules`.
    func load(quiet: Bool) throws -> (rules: RuleSet, gate: AlertGate)? {
        if disabled { return nil }
        var chosen = paths
        if chosen.isEmpty {
            guard let bundled = BundledRules.folder else {
                Terminal.error("the shipped rule pack is not beside the vigil binary; name rules with --rules or run with --no-rules")
                throw VigilExit.inputError
            }
            chosen = [bundled]
        }
        return (try AlertReport.rules(chosen, quiet: quiet), AlertGate(suppressFor: suppressFor))
    }
}
