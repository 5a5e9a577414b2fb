import Foundation
import VigilCore

/// Runs rules over log files written earlier, by Vigil or by any Zeek: the engine of
/// `vigil detect`.
public struct LogScanner {
    public let rules: RuleSet
    public let gate: AlertGate
    public let correlator: Correlator?

    public init(rules: RuleSet, gate: AlertGate, correlator: Correlator? = nil) {
        self.rules = rules
        self.gate = gate
        self.correlator = correlator
    }

    /// What a scan read.
    public struct Outcome: Sendable {
        public var files = 0
        public var rows = 0
        /// Files left unread because no rule reads their log.
        public var skippedFiles = 0
        public var badRows: [(file: String, row: LogFileReader.BadRow)] = []
        public var unreadable: [VigilError] = []
    }

    /// Log files under `paths`: files as given, folders searched (not recursively) for
    /// `.log` and `.json` files, in name order. Paths that do not exist are returned apart.
    public static func logFiles(in paths: [String]) -> (files: [String], missing: [VigilError]) {
        var files: [String] = []
        var missing: [VigilError] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                missing.append(VigilError(.ioFailure, "no such file or folder", source: path))
                continue
            }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { $0.hasSuffix(".log") || $0.hasSuffix(".json") }.sorted()
            files += names.map { (path.hasSuffix("/") ? path : path + "/") + $0 }
        }
        return (files, missing)
    }

    /// Reads every file whose log some rule reads and hands each notice the gate lets through
    /// to `notice`; `progress` is called after each file.
    public func scan(_ files: [String], notice: (Alert) -> Void, progress: (Int) -> Void = { _ in }) -> Outcome {
        var outcome = Outcome()
        for (i, file) in files.enumerated() {
            defer { progress(i + 1) }
            let reader = LogFileReader(file: file)
            guard rules.reads(reader.log) else {
                outcome.skippedFiles += 1
                continue
            }
            outcome.files += 1
            do {
                // Rows are read for the probe fields first (`RuleSet.probeFields`); a row some
                // rule may match is read again for the fields rules test, and a match reads
                // it once more for what the alert reports.
                let probe = rules.probeFields(for: reader.log)
                let tested = rules.fields(for: reader.log)
                let alerted = rules.alertFields(for: reader.log)
                try reader.forEachRow(fields: probe ?? tested) { first, again in
                    outcome.rows += 1
                    if probe != nil && !rules.mayMatch(first) { return }
                    let record = probe == nil ? first : again(tested)
                    rules.alerts(record, alerted: { again(alerted) }, correlator: correlator, gate: gate, notice)
                } bad: {
                    outcome.badRows.append((file, $0))
                }
            } catch let e as VigilError {
                outcome.unreadable.append(e)
            } catch {
                outcome.unreadable.append(VigilError(.ioFailure, "\(error)", source: file))
            }
        }
        return outcome
    }
}
