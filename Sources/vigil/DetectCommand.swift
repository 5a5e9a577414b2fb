import ArgumentParser
import VigilCore
import VigilDetect
import VigilLogs

struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Run Sigma rules over Zeek logs (JSON or TSV, written by Vigil or by Zeek) and write notice.log.",
        discussion: """
            Rules are Sigma YAML files (or folders of them); a rule reads the log its logsource names \
            (product: zeek or vigil, service: the log's name, e.g. dns, modbus, s7comm). Only the logs some \
            rule reads are opened. A rule that cannot be loaded is named with its file, line and construct; \
            the others still run. The same rules run during `vigil analyze --rules`. docs/DETECTION.md \
            explains rules, suppression and notice.log's fields.
            """)

    @Argument(help: "Log folders or files (.log or .json; JSON rows or Zeek TSV with its # header).")
    var paths: [String]

    @OptionGroup var detection: DetectionOptions

    @Option(name: .shortAndLong, help: "Folder for notice.log.")
    var out: String = "vigil-detect"

    @Option(help: "Log format of notice.log: json or tsv.")
    var format: LogFormatOption = .json

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    func run() throws {
        guard let detect = try detection.load(quiet: quiet) else {
            throw ValidationError("detect needs rules: drop --no-rules")
        }
        let (rules, gate) = (detect.rules, detect.gate)
        let suppressFor = gate.suppressFor
        let (files, missing) = LogScanner.logFiles(in: paths)
        for e in missing { Terminal.error(e.description) }
        // notice.log is written, not read: a second run over the same folder reads only the
        // logs the first one read.
        let inputs = files.filter { LogFileReader.logName(ofFile: $0) != NoticeLog.schema.path }
        guard !inputs.isEmpty else {
            Terminal.error("no log files found in \(paths.joined(separator: " "))")
            throw VigilExit.inputError
        }
        let notices: LogDirectory
        do {
            try LogFiles.makeDirectory(out)
            notices = try LogDirectory(directory: out, format: format.format)
        } catch let e as VigilError {
            Terminal.error(e.description)
            throw VigilExit.outputError
        }
        var last = Timestamp.zero
        var writeError: Error?
        let started = Terminal.now()
        let bar = ProgressBar(label: "detect")
        func write(_ alert: Alert) {
            let record = NoticeLog.record(alert, suppressFor: suppressFor)
            if case .time(let t) = record.values[0], last < t { last = t }
            do { try notices.write(record, now: last) } catch { writeError = writeError ?? error }
        }
        // Notices come from the scan only at the gate's capacity; the rest once every row is read.
        let outcome = LogScanner(rules: rules, gate: gate, correlator: detect.correlator).scan(inputs, notice: write) { done in
            if !quiet { bar.update(done: Int64(done), total: Int64(inputs.count), packets: done) }
        }
        bar.end()
        for alert in gate.drain() { write(alert) }
        if let correlator = detect.correlator {
            for hit in correlator.evaluate() {
                gate.count(hit)
                do { try notices.write(NoticeLog.record(hit), now: last) } catch { writeError = writeError ?? error }
            }
        }
        notices.close(now: last)
        let seconds = Terminal.now() - started
        for (file, row) in outcome.badRows.prefix(20) { Terminal.error("\(file): \(row)") }
        if outcome.badRows.count > 20 { Terminal.error("… and \(outcome.badRows.count - 20) more rows that are not well formed") }
        for e in outcome.unreadable { Terminal.error(e.description) }
        if let writeError {
            Terminal.error("\(out)/notice.log: \(writeError)")
            throw VigilExit.outputError
        }
        if !quiet {
            let rate = seconds > 0 ? Int(Double(outcome.rows) / seconds) : outcome.rows
            Terminal.result(
                "Read \(outcome.rows) rows from \(outcome.files) log file(s) in \(String(format2: seconds)) s (\(rate) rows/s); "
                    + "\(outcome.skippedFiles) file(s) no rule reads were not opened")
            Terminal.result(detect.summary)
            if gate.tally.notices > 0 { Terminal.result("Output: \(out)/notice.log") }
        }
        if !missing.isEmpty || !outcome.badRows.isEmpty || !outcome.unreadable.isEmpty { throw VigilExit.inputError }
    }
}
