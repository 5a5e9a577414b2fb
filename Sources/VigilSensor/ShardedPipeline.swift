import VigilCapture
import VigilCore
import VigilDecode
import VigilEvents
import VigilInventory
import VigilLogs
import VigilProtocols

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A run spread over several cores: the reader hands each packet to one of `workers`
/// pipelines, chosen by its address pair (`FlowShard`, `ShardAssignment`), so every pipeline
/// sees whole connections and nothing mutable is shared between them. Their rows go to one file
/// per log; at the end their statistics are added up and their inventories merged.
///
/// Worker 0 runs on the caller's thread; with one worker that is all there is.
public final class ShardedPipeline: PacketConsumer {
    public let workers: Int
    public let files: LogFiles
    /// Workers 1 and up, each on its own thread.
    private let shards: [ShardWorker]
    /// Worker 0, on the caller's thread.
    private let inline: (pipeline: SensorPipeline, logs: LogDirectory)
    /// Packets read so far (the reader's count; the workers' own come with `statistics`).
    public private(set) var packetsRead = 0
    /// Which worker each address pair goes to.
    private var assignment: ShardAssignment
    /// Packets handed to each worker: how evenly the flows spread.
    public var packetsPerWorker: [Int] { shards.isEmpty ? [packetsRead] : assignment.load }
    /// The input's network time: every worker sweeps its flows when this clock says.
    private var clock = NetworkClock()
    private var finished = false
    private var merged: AssetInventory?

    /// `workers` pipelines writing into `files`, each with `limits` of its own.
    /// `subscribers(i)` gives worker `i`'s own event consumers (`SensorPipeline.subscribe`),
    /// and `observer(i)` what reads its rows as they are written (detection); each is called
    /// only from its worker's thread.
    public init(
        workers: Int, files: LogFiles, limits: Limits = .default, registry: ProtocolRegistry = .standard,
        localNetworks: LocalNetworks = .zeekDefault, subscribers: (Int) -> [EventSubscriber] = { _ in [] },
        observer: (Int) -> LogRowObserver? = { _ in nil }
    ) {
        self.workers = max(1, workers)
        self.files = files
        assignment = ShardAssignment(workers: self.workers, limits: limits)
        let certificates = CertificateSightings()
        let pipelines = (0..<self.workers).map { i -> (SensorPipeline, LogDirectory) in
            let logs = LogDirectory(files: files)
            let sink: LogSink = observer(i).map { ObservedLogSink(logs, observer: $0) } ?? logs
            let pipeline = SensorPipeline(
                logs: sink, limits: limits, registry: registry, localNetworks: localNetworks, certificates: certificates)
            for s in subscribers(i) { pipeline.subscribe(s) }
            return (pipeline, logs)
        }
        // Worker 0 runs on the reader's own thread, between reads: with one thread per core,
        // no core is left to a reader that mostly waits, and worker 0's packets are never
        // copied or handed over.
        inline = pipelines[0]
        shards = pipelines.dropFirst().map { ShardWorker(pipeline: $0.0, logs: $0.1) }
    }

    /// The number of cores this process may run on: the default for `workers`.
    public static var availableCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    public func process(_ packet: CapturedPacket) {
        packetsRead += 1
        if shards.isEmpty {
            inline.pipeline.process(packet)
            return
        }
        clock.advance(to: packet.timestamp)
        let w = assignment.worker(hash: FlowShard.hash(linkType: packet.linkType.rawValue, packet.data), now: clock.now) {
            self.shards[$0 - 1].backlog
        }
        if w == 0 {
            inline.pipeline.process(packet, sweepTime: clock.sweepTime)
        } else {
            shards[w - 1].add(packet, sweepTime: clock.sweepTime)
        }
    }

    public var outputError: VigilError? {
        if let e = inline.pipeline.outputError { return e }
        if finished { return shards.lazy.compactMap(\.pipeline.outputError).first }
        // While the workers run, their pipelines are theirs alone to read; only the flag is shared.
        return shards.contains { $0.failed.load(ordering: .relaxed) } ? VigilError(.ioFailure, "a log could not be written") : nil
    }

    /// Runs `body` while every worker stands still with its rows flushed (rotating the log
    /// files, taking an inventory snapshot); `body` gets each worker's pipeline.
    public func whilePaused<R>(_ body: ([SensorPipeline]) throws -> R) rethrows -> R {
        inline.logs.flush()
        for s in shards { s.handOver(.pause) }
        for s in shards { s.paused.wait() }
        defer { for s in shards { s.proceed() } }
        return try body(pipelines)
    }

    /// Writes out every row the workers hold, and x509.log's rows for the certificates seen
    /// so far, so that the files on disk are complete up to now.
    public func flushLogs() {
        whilePaused { pipelines in pipelines[0].writeCertificates() }
        inline.logs.flush()
    }

    /// Closes every log and renames it `path.OPEN-CLOSE.log` (Zeek's rotation); the next row
    /// of each log opens a new file. Every worker flushes first and waits meanwhile.
    public func rotateLogs(now: Timestamp) {
        whilePaused { _ in
            for logs in directories { logs.forgetFiles() }
            files.close(now: now, rotate: true)
        }
    }

    private var directories: [LogDirectory] { [inline.logs] + shards.map(\.logs) }

    /// The inventory as the workers know it now, merged, while they wait: what a live sensor
    /// publishes as it runs.
    public func inventorySnapshot() -> AssetInventory {
        if finished { return inventory }
        return whilePaused { pipelines in Self.merge(pipelines.map(\.inventory)) }
    }

    /// Hands worker 0 an event that no packet carried (`SensorPipeline.publish`), on the
    /// caller's thread, which is worker 0's own. After `finish` its rows are flushed at once,
    /// so they are on disk before the files close.
    public func publish(_ event: SensorEvent, at ts: Timestamp) {
        inline.pipeline.publish(event, at: ts)
        if finished { inline.logs.flush() }
    }

    /// End of input: every worker finishes its flows and flushes its rows. The log files stay
    /// open until `files.close`.
    public func finish() {
        guard !finished else { return }
        // Read by each worker after the hand-over below, which orders the memory.
        for p in pipelines { p.inputEnd = clock.now }
        for s in shards { s.handOver(.end) }
        inline.pipeline.finish()
        for s in shards { s.join() }
        // Every worker has reported its certificates: x509.log is written once, from all.
        inline.pipeline.writeCertificates()
        inline.logs.flush()
        finished = true
    }

    private var pipelines: [SensorPipeline] { [inline.pipeline] + shards.map(\.pipeline) }

    /// The workers' counters added up (after `finish`, or inside `whilePaused`).
    public var statistics: SensorStatistics {
        var s = SensorStatistics()
        for p in pipelines { s.add(p.statistics) }
        return s
    }

    /// The workers' inventories merged into one (after `finish`).
    public var inventory: AssetInventory {
        if let merged { return merged }
        let m = Self.merge(pipelines.map(\.inventory))
        if finished { merged = m }
        return m
    }

    /// One inventory holding what each of `parts` learnt; the parts are left as they were.
    static func merge(_ parts: [AssetInventory]) -> AssetInventory {
        if parts.count == 1 { return parts[0] }
        let m = AssetInventory()
        for p in parts { m.merge(p) }
        return m
    }
}
