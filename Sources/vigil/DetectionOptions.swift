import ArgumentParser
import VigilDetect
import VigilSensor

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

    /// The rules, the correlations over them, and the gate their alerts pass through, which
    /// writes notices at `timing`; nil with `--no-rules`.
    func load(quiet: Bool, timing: AlertGate.Timing = .whenInputEnds) throws -> Detection? {
        if disabled { return nil }
        var chosen = paths
        if chosen.isEmpty {
            guard let bundled = BundledRules.folder else {
                Terminal.error("the shipped rule pack is not beside the vigil binary; name rules with --rules or run with --no-rules")
                throw VigilExit.inputError
            }
            chosen = [bundled]
        }
        let (rules, correlator) = try AlertReport.rules(chosen, quiet: quiet)
        return Detection(rules: rules, gate: AlertGate(suppressFor: suppressFor, timing: timing), correlator: correlator)
    }
}

/// A run's detection: what `DetectionOptions.load` gives.
struct Detection {
    let rules: RuleSet
    let gate: AlertGate
    let correlator: Correlator?

    /// One worker's observer.
    func observer() -> RuleObserver { RuleObserver(rules: rules, gate: gate, correlator: correlator) }

    var summary: String { AlertReport.summary(gate.tally, rules: rules, correlator: correlator) }
}
