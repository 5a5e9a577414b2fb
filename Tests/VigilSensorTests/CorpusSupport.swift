import Foundation
import VigilCore
import VigilLogs

@testable import VigilSensor

/// Locates the shared corpus (../shared/corpus from the package root) and runs captures.
enum Corpus {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let root: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    static var available: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("MANIFEST.tsv").path) }

    struct Entry {
        var file: String
        var protocols: String
        var expected: [String]
    }

    static func manifest() throws -> [Entry] {
        let text = try String(contentsOf: root.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cols.count >= 8 else { return nil }
            return Entry(
                file: cols[0], protocols: cols[6], expected: cols[7] == "none" ? [] : cols[7].split(separator: ";").map(String.init))
        }
    }

    /// Runs Vigil on one capture and returns its rows rendered as Zeek TSV fields.
    static func analyze(_ file: String) -> (MemoryLogSink, SensorPipeline) {
        let sink = MemoryLogSink()
        let pipeline = SensorPipeline(logs: sink)
        _ = CaptureRunner().run(path: root.appendingPathComponent(file).path, into: pipeline)
        pipeline.finish()
        return (sink, pipeline)
    }
}

/// A Zeek TSV log: its field names and rows. Headerless baselines (zeek-cut output) get the
/// field list the test that produced them used.
struct ZeekTSVLog {
    var fields: [String]
    var rows: [[String]]

    static func load(_ url: URL, headerlessFields: [String]?) throws -> ZeekTSVLog {
        let text = try String(contentsOf: url, encoding: .utf8)
        var fields: [String]? = nil
        var rows: [[String]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#fields") {
                fields = line.split(separator: "\t").dropFirst().map(String.init)
                continue
            }
            if line.hasPrefix("#") { continue }
            // zeek-cut -m output: a first line of column names instead of "#fields".
            if fields == nil, rows.isEmpty,
                line.split(separator: "\t").allSatisfy({ $0.wholeMatch(of: /[a-z][a-z0-9_.]*/) != nil })
            {
                fields = line.split(separator: "\t").map(String.init)
                continue
            }
            rows.append(line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init))
        }
        return ZeekTSVLog(fields: fields ?? headerlessFields ?? [], rows: rows)
    }
}

/// Documented, reasoned exceptions to peer agreement (Tests/PeerAgreement/exceptions.tsv).
struct AgreementExceptions {
    struct Rule {
        var capturePrefix: String
        var log: String
        var field: String
        var reason: String
    }

    var rules: [Rule]

    static func load() throws -> AgreementExceptions {
        let url = Corpus.packageRoot.appendingPathComponent("Tests/PeerAgreement/exceptions.tsv")
        let text = try String(contentsOf: url, encoding: .utf8)
        let rules = text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.compactMap { line -> Rule? in
            let c = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard c.count >= 4, !c[3].isEmpty else { return nil }  // a rule without a reason is not a rule
            return Rule(capturePrefix: c[0], log: c[1], field: c[2], reason: c[3])
        }
        return AgreementExceptions(rules: rules)
    }

    /// Fields excused for this capture and log ("*" excuses whole-row count differences).
    func excused(capture: String, log: String) -> Set<String> {
        Set(rules.filter { capture.hasPrefix($0.capturePrefix) && $0.log == log }.map(\.field))
    }
}

/// Disagreements with a peer that are known and not yet fixed, each with its current figure:
/// a ratchet, not a skip. A listed case must still give exactly the recorded figure, so a
/// regression fails; a case that improves or now agrees fails too, until the file is updated,
/// so the list only shrinks. Tests/PeerAgreement/known-gaps.tsv: capture, log (or
/// messages:SERVICE), figure, what differs.
final class KnownGaps {
    struct Gap {
        var figure: String
        var reason: String
    }

    private var gaps: [String: Gap] = [:]
    private var seen: Set<String> = []

    init() throws {
        let url = Corpus.packageRoot.appendingPathComponent("Tests/PeerAgreement/known-gaps.tsv")
        let text = try String(contentsOf: url, encoding: .utf8)
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            let c = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard c.count >= 4, !c[3].isEmpty else { continue }  // a gap without a reason is not recorded
            gaps[c[0] + "\t" + c[1]] = Gap(figure: c[2], reason: c[3])
        }
    }

    /// Nil when `figure` is what the file records for this capture and log; otherwise the
    /// failure to report. `agrees` says whether the peer and Vigil agree outright.
    func check(capture: String, log: String, figure: String, agrees: Bool) -> String? {
        let key = capture + "\t" + log
        guard let gap = gaps[key] else { return agrees ? nil : "" }
        seen.insert(key)
        if agrees { return "\(log) \(capture) now agrees (\(figure)): remove it from known-gaps.tsv" }
        if gap.figure != figure { return "\(log) \(capture): known gap changed from \(gap.figure) to \(figure): update known-gaps.tsv" }
        return nil
    }

    /// Recorded gaps of `logs` that no comparison reached (the capture or baseline is gone).
    func unreached(logs: (String) -> Bool) -> [String] {
        gaps.keys.filter { !seen.contains($0) && logs(String($0.split(separator: "\t")[1])) }.sorted()
    }

    var count: Int { gaps.count }
}

extension Corpus {
    /// Runs Debian's tshark with `arguments` and returns its standard output.
    static func tshark(_ arguments: [String]) throws -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/tshark")
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return data
    }
}
