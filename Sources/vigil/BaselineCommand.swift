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
        subcommands: [BaselineLearnCommand.self, BaselineCheckCommand.self])
}

/// The log files of `paths` a baseline reads, with each unreadable path reported.
private func baselineLogs(_ paths: [String]) throws -> [String] {
    let (files, missing) = LogScanner.logFiles(in: paths)
    for e in missing { Terminal.error(e.description) }
    let wanted = Set(BaselineLearner.logs)
    let logs = files.filter { wanted.contains(LogFileReader.logName(ofFile: $0)) }
    guard !logs.isEmpty else {
        Terminal.error("no conn.log or OT log in \(paths.joined(separator: " "))")
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
        abstract: "Learn pairs, their functions and device identities from log folders into a baseline file.")

    @Argument(help: "Log folders or files (conn.log and the OT logs; assets.json beside them gives identities).")
    var paths: [String]

    @Option(name: .shortAndLong, help: "The baseline file to write.")
    var out: String = "baseline.json"

    func run() throws {
        let files = try baselineLogs(paths)
        var learner = BaselineLearner()
        let ok = forEachRow(files) { learner.learn($0) }
        for file in assetsFiles(paths) {
            guard let assets = BaselineLearner.assets(inFile: file) else {
                Terminal.error("\(file): not an assets.json written by vigil analyze")
                continue
            }
            learner.learnAssets(assets)
        }
        let baseline = learner.finished(from: paths)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try encoder.encode(baseline).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            Terminal.error("\(out): cannot write (\(error.localizedDescription))")
            throw VigilExit.outputError
        }
        let functions = baseline.pairs.reduce(0) { $0 + $1.functions.values.reduce(0) { $0 + $1.count } }
        Terminal.result(
            "Learned \(baseline.pairs.count) pair(s), \(functions) function(s) on them and \(baseline.assets.count) device identit(ies) from \(files.count) log file(s): \(out)"
        )
        if !ok { throw VigilExit.inputError }
    }
}

struct BaselineCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Name what log folders show that a baseline does not: new devices, pairs, functions, identity changes.")

    @Argument(help: "Log folders or files to check (assets.json beside them is compared for identities).")
    var paths: [String]

    @Option(help: "The baseline file (from `vigil baseline learn`).")
    var baseline: String = "baseline.json"

    @Option(name: .shortAndLong, help: "Folder for notice.log.")
    var out: String = "vigil-baseline"

    func run() throws {
        let learned: Baseline
        do {
            learned = try JSONDecoder().decode(Baseline.self, from: Data(contentsOf: URL(fileURLWithPath: baseline)))
        } catch let e as DecodingError {
            Terminal.error("\(baseline): not a baseline file: \(e)")
            throw VigilExit.inputError
        } catch {
            Terminal.error("\(baseline): cannot read; make one with `vigil baseline learn LOGS --out \(baseline)`")
            throw VigilExit.inputError
        }
        let files = try baselineLogs(paths)
        var checker = BaselineChecker(learned)
        var deviations: [BaselineChecker.Deviation] = []
        var last: Double?
        let ok = forEachRow(files) { row in
            if let t = row.value("ts")?.number { last = max(last ?? t, t) }
            deviations += checker.check(row)
        }
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
