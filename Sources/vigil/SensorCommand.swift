import ArgumentParser
import Foundation
import VigilCapture
import VigilCore
import VigilDetect
import VigilInventory
import VigilLogs
import VigilSensor
import VigilVulns

#if canImport(Glibc)
    import Glibc
#endif

struct SensorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensor",
        abstract: "Capture live from an interface (Linux AF_PACKET, needs root) and write rotating logs.",
        discussion: "Stops cleanly on SIGINT or SIGTERM: open connections are logged and every file is flushed.")

    @Option(name: .shortAndLong, help: "Interface to capture on (e.g. eth0).")
    var interface: String

    @Option(name: .shortAndLong, help: "Output directory for logs and inventory.")
    var out: String = "vigil-out"

    @Option(help: "Log format: json or tsv.")
    var format: LogFormatOption = .json

    @Flag(help: "Replace another run's logs, assets.json and map.json in --out (otherwise such a folder is refused).")
    var force = false

    @Option(help: "Rotate logs every N seconds (0 disables). Rotated files are named path.OPEN-CLOSE.log.")
    var rotateSeconds: Int = 3600

    @Option(help: "Write assets.json and map.json every N seconds while capturing (0: only at exit). Each file is replaced whole.")
    var inventorySeconds: Int = 60

    @Option(help: "Pipelines to run in parallel, one per core (default: the number of cores).")
    var workers: Int = ShardedPipeline.availableCores

    @Option(
        name: .customLong("vulns"),
        help:
            "Match the devices found against this vulnerability store (made by `vigil vulns import`) each time the inventory is written; writes vulnerabilities.log beside assets.json."
    )
    var vulnerabilityStore: String?

    func validate() throws {
        guard (1...256).contains(workers) else { throw ValidationError("--workers must be between 1 and 256") }
        guard rotateSeconds >= 0, inventorySeconds >= 0 else { throw ValidationError("intervals must be 0 or more seconds") }
        try shipping.validateShipping()
        if (ship || shipping.isShipping) && format != .json { throw ValidationError("--ship sends JSON logs: leave --format at json") }
        if ship && shipSeconds <= 0 { throw ValidationError("--ship-seconds must be more than 0") }
        if learnBaselinePath != nil && baselinePath != nil {
            throw ValidationError("--baseline checks a baseline and --learn-baseline learns one: give one of them")
        }
        if learnSeconds <= 0 { throw ValidationError("--learn-seconds must be more than 0") }
        if let path = learnBaselinePath, FileManager.default.fileExists(atPath: path), !force {
            throw ValidationError("\(path) exists; --learn-baseline would replace it (--force replaces it)")
        }
    }

    @OptionGroup var site: SiteOptions

    @OptionGroup var detection: DetectionOptions

    @Option(
        name: .customLong("baseline"),
        help:
            "Name every difference from this baseline (made by `vigil baseline learn`) in notice.log as it is seen; identity changes and polling periods each time the inventory is written."
    )
    var baselinePath: String?

    @Option(
        name: .customLong("learn-baseline"),
        help:
            "Learn a baseline from the first --learn-seconds of traffic and write it to this file, then name every difference from it as --baseline does. If the sensor stops first, what it learned so far is written."
    )
    var learnBaselinePath: String?

    @Option(help: "With --learn-baseline: how long to learn, in seconds of capture from the first row (86400: a day).")
    var learnSeconds: Double = 86400

    @Flag(
        help:
            "Send logs and assets.json to the hub this sensor enrolled with (`vigil enroll`; see --identity) while capturing. --hub implies it."
    )
    var ship = false

    @Option(help: "With --ship: send what was added every N seconds.")
    var shipSeconds: Double = 10

    @OptionGroup var shipping: ShippingOptions

    func run() throws {
        #if os(Linux)
            signal(SIGINT) { _ in CaptureStopFlag.requested = 1 }
            signal(SIGTERM) { _ in CaptureStopFlag.requested = 1 }
            // A parent may start us with these signals blocked (some process launchers do); a
            // sensor that cannot be stopped cleanly would lose its open connections, so unblock.
            var unblock = sigset_t()
            sigemptyset(&unblock)
            sigaddset(&unblock, SIGINT)
            sigaddset(&unblock, SIGTERM)
            pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
            let source: LiveCaptureSource
            do { source = try LiveCaptureSource(interface: interface) } catch let e as VigilError {
                Terminal.error(e.description)
                throw VigilExit.inputError
            }
            // The store is read first, so a missing one is reported before capture starts.
            let matcher = try vulnerabilityStore.map { try VulnerabilityReport.matcher(store: $0) }
            let detect = try detection.load(quiet: false, timing: .asMatchesArrive)
            let baseline = try baselinePath.map { LiveBaselineCheck(try BaselineReport.load($0)) }
            let learning = learnBaselinePath.map { _ in LiveBaselineLearning(seconds: learnSeconds) }
            if self.shipping.isShipping { try BackgroundShipping.blocking { try await self.shipping.enrollIfAsked() } }
            let shipping =
                ship || self.shipping.isShipping
                ? BackgroundShipping(shipper: try self.shipping.shipper(folders: [out]), seconds: shipSeconds) : nil
            let files = try OutputFolderOption.open(out, format: format.format, replace: force)
            let pipeline = ShardedPipeline(
                workers: workers, files: files, localNetworks: try site.localNetworks(),
                observer: { _ in
                    ObserverGroup.of(
                        detect?.observer(), baseline.map { BaselineObserver($0.baseline, live: $0) },
                        learning.map(BaselineLearningObserver.init))
                })
            let schedule = LiveSchedule(
                pipeline: pipeline, directory: out, rotateSeconds: rotateSeconds, publishSeconds: inventorySeconds)
            if let detect {
                // Every worker has handed over its matches up to `now` when the rows are written
                // out; a little slack covers rows stamped earlier than their packet (a
                // connection's start, say).
                schedule.afterFlush = { now in
                    try AlertReport.writeCorrelations(detect.correlator, gate: detect.gate, into: files, upTo: now.seconds - 2)
                }
            }
            // Each new or changed match becomes a vulnerabilities.log row when the inventory is written.
            var published = PublishedVulnerabilities()
            if matcher != nil || baseline != nil || learning != nil {
                schedule.publishInventory = { [out] inventory in
                    if let check = baseline ?? learning?.check {
                        try BaselineReport.writeLiveChanges(check, inventory: inventory, into: files)
                    }
                    let matches = VulnerabilityReport.match(inventory, with: matcher)
                    if matcher != nil { VulnerabilityReport.publish(matches, into: pipeline, published: &published) }
                    try VulnerabilityReport.writeInventory(inventory, matches: matches, matched: matcher != nil, to: out)
                }
            }
            var scheduleError: VigilError?
            // The window ends on capture time, checked with every packet and when idle.
            // Once a second of capture time, not per packet: asking takes the learners' lock.
            var windowAsked = -Double.infinity
            let endWindow = { [learnBaselinePath, interface] (now: Timestamp) throws in
                guard let learning, let path = learnBaselinePath, now.seconds >= windowAsked + 1 else { return }
                windowAsked = now.seconds
                guard learning.isDue(now.seconds) else { return }
                try BaselineReport.finishLearning(
                    learning, identities: BaselineReport.identities(pipeline.inventorySnapshot()), source: "interface \(interface)",
                    to: path)
            }
            source.whenIdle = { now in
                do {
                    try schedule.tick(now)
                    try endWindow(now)
                } catch let e as VigilError { scheduleError = e } catch {}
            }
            Terminal.info("vigil: capturing on \(interface) with \(workers) worker(s), logs in \(out)/ (Ctrl-C to stop)")
            shipping?.start()
            while let packet = try source.next() {
                pipeline.process(packet)
                try schedule.tick(packet.timestamp)
                try endWindow(packet.timestamp)
                if let e = pipeline.outputError ?? scheduleError {
                    Terminal.error(e.description)
                    throw VigilExit.outputError
                }
            }
            pipeline.finish()
            let inventory = pipeline.inventory
            let matches = VulnerabilityReport.match(inventory, with: matcher)
            VulnerabilityReport.publish(matches, into: pipeline, published: &published)
            if let detect { try AlertReport.writeCorrelations(detect.correlator, gate: detect.gate, into: files) }
            if let learning, let path = learnBaselinePath {
                // Stopped before the window ended, what was learned is kept; after, the file
                // takes in the window's rows written since (connections that ended later).
                let ended = learning.check != nil
                try BaselineReport.finishLearning(
                    learning, identities: BaselineReport.identities(inventory), source: "interface \(interface)", to: path, quiet: ended)
            }
            if let check = baseline ?? learning?.check {
                try BaselineReport.writeLiveChanges(check, inventory: inventory, into: files)
            }
            files.close(now: .zero)
            try VulnerabilityReport.writeInventory(inventory, matches: matches, matched: matcher != nil, to: out)
            Summary.print(
                statistics: pipeline.statistics, inventory: inventory, source: "interface \(interface)", seconds: 0, out: out,
                packetsPerWorker: pipeline.packetsPerWorker)
            if let detect { Terminal.result(detect.summary) }
            if matcher != nil {
                Terminal.result(
                    VulnerabilityReport.summary(
                        matches.values.flatMap { $0 }, devices: inventory.assets.count, log: out + "/vulnerabilities.log"))
            }
            if let shipping {
                guard let round = shipping.finish() else { throw VigilExit.hubError }
                ShippingOptions.report(round, always: true)
                if !round.isClean { throw VigilExit.hubError }
            }
        #else
            Terminal.error("live capture is implemented for Linux (AF_PACKET) only")
            throw VigilExit.inputError
        #endif
    }
}
