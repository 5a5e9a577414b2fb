import ArgumentParser
import Foundation
import VigilCore
import VigilDetect
import VigilLogs

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Learn what normal looks like from logs, and name what differs from it.",
        discussion: """
            Learn from the logs of a normal period (`vigil analyze normal.pcap --out normal`, or any Zeek's \
            conn.log and OT logs), then check other logs against it. The baseline is JSON an engineer can read \
            and edit. docs/DETECTION.md, "Baselines", explains what is learned and reported.
            """,
        subcommands: [BaselineLearnCommand.self, BaselineCheckCommand.self, BaselineAcceptCommand.self])
}

/// The log files of `paths` a baseline reads, with each unreadable path reported; `given` are
/// the paths as the user named them (a capture's scratch folder is not one).
private func baselineLogs(_ paths: [String], given: [String]? = nil) throws -> [String] {
    let (files, missing) = LogScanner.logFiles(in: paths)
    for e in missing { Terminal.error(e.description) }
    let wanted = Set(BaselineLearner.logs)
    let logs = files.filter { wanted.contains(LogFileReader.logName(ofFile: $0)) }
    guard !logs.isEmpty else {
        Terminal.error("no conn.log or OT log in \((given ?? paths).joined(separator: " "))")
        throw VigilExit.inputError
    }
    return logs
}

/// Every row of `files`; a file that cannot be read is reported and the others are read.
private func forEachRow(_ files: [String], _ body: (EventRecord) -> Void) -> Bool {
    var ok = true
    for file in files {
        do {
            try LogFileReader(file: file).forEachRow(body) { bad in
                Terminal.error("\(file): \(bad)")
                ok = false
            }
        } catch {
            Terminal.error("\(error)")
            ok = false
        }
    }
    return ok
}

/// The assets.json beside the logs, if any.
private func assetsFiles(_ paths: [String]) -> [String] {
    paths.map { $0.hasSuffix(".log") || $0.hasSuffix(".json") ? URL(fileURLWithPath: $0).deletingLastPathComponent().path : $0 }
        .map { $0 + "/assets.json" }.filter { FileManager.default.fileExists(atPath: $0) }
}

struct BaselineLearnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract:
            "Learn pairs, their functions, where they write, how often they poll, the values of polled points and device identities from captures or log folders into a baseline file."
    )

    @Argument(
        help:
            "Captures (.pcap, .pcapng, .cap: analyzed first, as `vigil analyze` would), or log folders or files (conn.log and the OT logs; assets.json beside them gives identities)."
    )
    var paths: [String]

    @Option(name: .shortAndLong, help: "The baseline file to write.")
    var out: String = "baseline.json"

    func run() throws {
        // Captures are analyzed into a scratch folder first, and learned from like any logs.
        let captures = paths.filter { p in [".pcap", ".pcapng", ".cap"].contains { p.lowercased().hasSuffix($0) } }
        var folders = paths.filter { !captures.contains($0) }
        var analysisFailed = false
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-baseline-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        if !captures.isEmpty {
            analysisFailed = !(try CaptureAnalysis.run(captures, into: scratch))
            folders.append(scratch)
        }
        let files = try baselineLogs(folders, given: paths)
        var learner = BaselineLearner()
        let ok = forEachRow(files) { learner.learn($0) }
        for file in assetsFiles(folders) {
            guard let assets = BaselineLearner.assets(inFile: file) else {
                Terminal.error("\(file): not an assets.json written by vigil analyze")
                continue
            }
            learner.learnAssets(assets)
        }
        let baseline = learner.finished(from: paths)
        do {
            try BaselineReport.save(baseline, to: out)
        } catch {
            Terminal.error("\(out): cannot write (\(error.localizedDescription))")
            throw VigilExit.outputError
        }
        Terminal.result(
            "Learned \(BaselineReport.contents(baseline)) from \(files.count) log file(s): \(out)"
        )
        if !ok || analysisFailed { throw VigilExit.inputError }
    }
}

struct BaselineCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract:
            "Name what log folders show that a baseline does not: new devices, pairs, protocols, functions, writes elsewhere, values out of range, polling periods changed, identity changes."
    )

    @Argument(help: "Log folders or files to check (assets.json beside them is compared for identities).")
    var paths: [String]

    @Option(help: "The baseline file (from `vigil baseline learn`).")
    var baseline: String = "baseline.json"

    @Option(name: .shortAndLong, help: "Folder for notice.log.")
    var out: String = "vigil-baseline"

    func run() throws {
        let learned = try BaselineReport.load(baseline)
        let files = try baselineLogs(paths)
        var checker = BaselineChecker(learned)
        var deviations: [BaselineChecker.Deviation] = []
        var last: Double?
        let ok = forEachRow(files) { row in
            if let t = row.value("ts")?.number { last = max(last ?? t, t) }
            deviations += checker.check(row)
        }
        deviations = checker.withValueExtents(deviations) + checker.sweepSummaries() + checker.periodChanges()
        for file in assetsFiles(paths) {
            if let assets = BaselineLearner.assets(inFile: file) { deviations += checker.identityChanges(assets, at: last) }
        }
        do {
            try LogFiles.makeDirectory(out)
            let notices = try LogDirectory(directory: out, format: .json)
            for d in deviations { try notices.write(NoticeLog.record(d), now: .zero) }
            notices.close(now: .zero)
        } catch {
            Terminal.error("\(out)/notice.log: \(error)")
            throw VigilExit.outputError
        }
        var byKind: [String: Int] = [:]
        for d in deviations { byKind[d.kind.rawValue, default: 0] += 1 }
        Terminal.result(
            deviations.isEmpty
                ? "No difference from the baseline"
                : "Differences from the baseline: "
                    + byKind.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        for d in deviations.prefix(20) { Terminal.result("  \(d.message)") }
        if deviations.count > 20 { Terminal.result("  … and \(deviations.count - 20) more in \(out)/notice.log") }
        if !ok { throw VigilExit.inputError }
    }
}

struct BaselineAcceptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Fold reviewed differences (the Baseline:: rows of a notice.log) into the baseline.",
        discussion: """
            Keep in the notice.log only the rows you accept (grep, jq, or an editor), then run this: each new \
            device, pair and function becomes known, and each changed identity becomes the learned one.
            """)

    @Argument(help: "notice.log files written by `analyze --baseline` or `baseline check` (JSON or TSV).")
    var notices: [String]

    @Option(help: "The baseline file to update.")
    var baseline: String = "baseline.json"

    func run() throws {
        var acceptance = BaselineAcceptance(try BaselineReport.load(baseline))
        var failed = false
        for file in notices {
            do {
                try LogFileReader(file: file).forEachRow({ acceptance.accept($0) }) { bad in
                    Terminal.error("\(file): \(bad)")
                    failed = true
                }
            } catch {
                Terminal.error("\(error)")
                failed = true
            }
        }
        do {
            try BaselineReport.save(acceptance.baseline, to: baseline)
        } catch {
            Terminal.error("\(baseline): cannot write (\(error.localizedDescription))")
            throw VigilExit.outputError
        }
        Terminal.result("Accepted \(acceptance.accepted) difference(s) into \(baseline)")
        if failed { throw VigilExit.inputError }
    }
}
