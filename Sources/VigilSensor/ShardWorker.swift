import Dispatch
import Synchronization
import VigilCapture
import VigilCore
import VigilLogs

/// One worker of a sharded run: its own pipeline on its own thread, fed batches of packets
/// through a ring. The reader fills one batch while the worker empties another; two
/// semaphores pass each batch across, and they also order the memory, so a batch's contents
/// are touched by one side at a time without a lock.
final class ShardWorker {
    let pipeline: SensorPipeline
    let logs: LogDirectory
    /// Batches in the ring: the one being filled, and up to 31 waiting or being worked on.
    /// Joined captures and bursts keep one worker's pairs together for thousands of packets
    /// at a time; with 4 batches the reader soon waited for that worker while the other sat
    /// idle (1.3 times one worker's rate on bench/run.sh's capture), with 32 (up to 32,768
    /// packets, 16 MiB of arenas) both stay busy (1.7 to 1.8 times). 128 measured no better.
    static let ringSize = 32
    private let ring: [PacketBatch]
    private let ready = DispatchSemaphore(value: 0)
    private let free = DispatchSemaphore(value: ShardWorker.ringSize - 1)
    private let resume = DispatchSemaphore(value: 0)
    /// Signalled when the worker has flushed at a `.pause` batch and waits for `proceed`.
    let paused = DispatchSemaphore(value: 0)
    /// Set by the worker when its pipeline could not write a log; read by the reader.
    let failed = Atomic<Bool>(false)
    /// The reader's side: batches handed over so far; `ring[filled % ringSize]` is its batch.
    private var filled = 0
    /// The worker's side: batches it has finished, read by the reader to balance the load.
    private let done = Atomic<Int>(0)
    /// Batches handed over and not yet finished (the reader's view; a hint, not a fence).
    var backlog: Int { filled - done.load(ordering: .relaxed) }
    private var thread: WorkerThread?

    init(pipeline: SensorPipeline, logs: LogDirectory) {
        self.pipeline = pipeline
        self.logs = logs
        ring = (0..<Self.ringSize).map { _ in PacketBatch() }
        thread = WorkerThread { [unowned self] in self.work() }
    }

    // MARK: The reader's side

    func add(_ packet: CapturedPacket, sweepTime: Timestamp) {
        if !ring[filled % Self.ringSize].hasRoom(for: packet) { handOver(.none) }
        ring[filled % Self.ringSize].append(packet, sweepTime: sweepTime)
    }

    /// Hands the batch being filled to the worker, marked with `control`, and takes the next
    /// free one (waiting while the worker is three batches behind).
    func handOver(_ control: PacketBatch.Control) {
        ring[filled % Self.ringSize].control = control
        filled += 1
        ready.signal()
        if control != .end { free.wait() }
    }

    /// Lets a worker stopped at a `.pause` batch go on.
    func proceed() { resume.signal() }

    /// Waits for the worker to end (after an `.end` batch).
    func join() {
        thread?.join()
        thread = nil
    }

    // MARK: The worker's side

    private func work() {
        var taken = 0
        while true {
            ready.wait()
            let batch = ring[taken % Self.ringSize]
            taken += 1
            for (p, sweepTime) in zip(batch.packets, batch.sweepTimes) { pipeline.process(p, sweepTime: sweepTime) }
            let control = batch.control
            batch.reset()
            done.add(1, ordering: .relaxed)
            if pipeline.outputError != nil { failed.store(true, ordering: .relaxed) }
            switch control {
            case .none:
                free.signal()
            case .pause:
                logs.flush()
                paused.signal()
                resume.wait()
                free.signal()
            case .end:
                pipeline.finish()
                logs.flush()
                return
            }
        }
    }
}
