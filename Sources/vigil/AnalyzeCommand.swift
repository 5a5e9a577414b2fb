import ArgumentParser
import VigilCore
import VigilDetect
import VigilInventory
import VigilLogs
import VigilSensor
import VigilVulns

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyze capture files (pcap, pcapng) and write logs, assets.json and map.json.")

    @Argument(help: "Capture files or folders (searched recursively for .pcap, .pcapng, .cap).")
    var paths: [String]

    @Option(name: .shortAndLong, help: "Output directory for logs and inventory.")
    var out: String = "vigil-out"

    @Option(help: "Log format: json (one object per line) or tsv (Zeek's ASCII format).")
    var format: LogFormatOption = .json

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    @Option(
        help:
            "Pipelines to run in parallel, one per core (default: the number of cores). Packets are spread by flow, so the logs are the same for any number."
    )
    var workers: Int = ShardedPipeline.availableCores

    @Flag(help: "Replace another run's logs, assets.json and map.json in --out (otherwise such a folder is refused).")
    var force = false

    @Option(
        name: .customLong("vulns"),
        help: "Match the devices found against this vulnerability store (made by `vigil vulns import`); writes vulnerabilities.log.")
    var vulnerabilityStore: String?

    @OptionGroup var site: SiteOptions

    @OptionGroup var detection: DetectionOptions

    @Option(name: .customLong("baseline"), help: "Name every difference from this baseline (made by `vigil baseline learn`) in notice.log.")
    var baselinePath: String?

    @Flag(
        help: "Then send the logs and assets.json to the hub this sensor enrolled with (`vigil enroll`; see --identity). --hub implies it.")
    var ship = false

    @OptionGroup var shipping: ShippingOptions

    func validate() throws {
        guard (1...256).contains(workers) else { throw ValidationError("--workers must be between 1 and 256") }
        try shipping.validateShipping()
        if (ship || shipping.isShipping) && format != .json { throw ValidationError("--ship sends JSON logs: leave --format at json") }
    }

    func run() async throws {
        // Every readable input is analyzed; each one that is not is named, and the exit code
        // says some input failed.
        let (inputs, failures) = CaptureRunner.captureFiles(in: paths)
        var inputFailed = !failures.isEmpty
        for e in failures { Terminal.error(e.description) }
        if inputs.isEmpty {
            Terminal.error("no capture files found in \(paths.joined(separator: " "))")
            throw VigilExit.inputError
        }
        // The store is read first, so a missing one is reported before a long analysis.
        let matcher = try vulnerabilityStore.map { try VulnerabilityReport.matcher(store: $0) }
        let detect = try detection.load(quiet: quiet)
        let baseline = try baselinePath.map { try BaselineReport.load($0) }
        // The identity too: a sensor that has not enrolled is told so before a long analysis.
        try await shipping.enrollIfAsked()
        let shipper = ship || shipping.isShipping ? try shipping.shipper(folders: [out]) : nil
        let files = try OutputFolderOption.open(out, format: format.format, replace: force)
        // Each worker checks the baseline on the rows it writes, beside the rules.
        var baselineChecks: [BaselineObserver] = []
        let pipeline = ShardedPipeline(
            workers: workers, files: files, localNetworks: try site.localNetworks(),
            observer: { _ in
                let check = baseline.map { BaselineObserver($0) }
                if let check { baselineChecks.append(check) }
                return ObserverGroup.of(detect?.observer(), check)
            })
        let runner = CaptureRunner()
        let started = Terminal.now()
        for file in inputs {
            let bar = ProgressBar(label: file.split(separator: "/").last.map(String.init) ?? file)
            let error = runner.run(path: file, into: pipeline) { done, total in
                if !quiet { bar.update(done: done, total: total, packets: pipeline.packetsRead) }
            }
            bar.end()
            if let error {
                // One line naming the file and byte; what came before is kept.
                Terminal.error(error.description)
                inputFailed = true
            }
            if let e = pipeline.outputError {
                Terminal.error(e.description)
                break
            }
        }
        pipeline.finish()
        let inventory = pipeline.inventory
        // Matches go through the pipeline like any event, before the notices are decided, so
        // that rules reading vulnerabilities.log see them.
        let matches = VulnerabilityReport.match(inventory, with: matcher)
        var published = PublishedVulnerabilities()
        VulnerabilityReport.publish(matches, into: pipeline, published: &published)
        var deviations: [BaselineChecker.Deviation]?
        do {
            if let detect {
                try NoticeWriter.writeNotices(detect.gate, into: files)
                try AlertReport.writeCorrelations(detect.correlator, gate: detect.gate, into: files)
            }
            if baseline != nil {
                deviations = try BaselineReport.write(baselineChecks.map(\.baseline), inventory: pipeline.inventory, into: files)
            }
        } catch let e as VigilError {
            Terminal.error(e.description)
            throw VigilExit.outputError
        }
        files.close(now: .zero)
        do {
            try VulnerabilityReport.writeInventory(inventory, matches: matches, matched: matcher != nil, to: out)
        } catch let e as VigilError {
            Terminal.error(e.description)
            throw VigilExit.outputError
        }
        if let e = pipeline.outputError {
            Terminal.error(e.description)
            throw VigilExit.outputError
        }
        if !quiet {
            Summary.print(
                statistics: pipeline.statistics, inventory: inventory, source: "\(inputs.count) file(s)",
                seconds: Terminal.now() - started, out: out,
                packetsPerWorker: pipeline.packetsPerWorker)
            if let detect { Terminal.result(detect.summary) }
            if let deviations { Terminal.result(BaselineReport.summary(deviations)) }
            if matcher != nil {
                Terminal.result(
                    VulnerabilityReport.summary(
                        matches.values.flatMap { $0 }, devices: inventory.assets.count, log: out + "/vulnerabilities.log"))
            }
        }
        // What was analyzed is shipped even when an input failed part-way.
        var hubFailed = false
        if let shipper {
            let round = try await shipper.round()
            ShippingOptions.report(round, always: !quiet)
            hubFailed = !round.isClean
        }
        if inputFailed { throw VigilExit.inputError }
        if hubFailed { throw VigilExit.hubError }
    }
}

enum LogFormatOption: String, ExpressibleByArgument, CaseIterable {
    case json, tsv
    var format: LogFormat { self == .json ? .json : .tsv }
}
