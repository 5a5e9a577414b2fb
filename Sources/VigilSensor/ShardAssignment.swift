import VigilCore
import VigilDecode

/// Which worker each address pair goes to. Pairs are hashed into buckets (`FlowShard.hash`);
/// a bucket is given to the least-loaded worker when it is first used, and again whenever it
/// has been idle longer than any flow or fragment can live. A fixed hash would leave a worker
/// with whatever heavy pairs it happened to draw for the whole run (on the benchmark's capture,
/// one BACnet pair is 30% of the packets); reassigning idle buckets evens the load out over
/// time without ever splitting a live connection.
///
/// Safe to move because a bucket idle that long holds nothing a worker still needs: every flow
/// of its pairs has timed out (and a sweep, due every `FlowTable.sweepIntervalSeconds` of
/// network time, has been due since), and so has every fragment set. The next packet starts new
/// flows wherever it goes, as it would in one pipeline.
struct ShardAssignment {
    /// Buckets: enough that the heavy pairs of a busy network rarely share one, few enough to
    /// stay in cache (two small arrays).
    static let bucketCount = 4096

    private var owner: [Int32]
    private var lastSeen: [Int64]
    /// Packets given to each worker so far.
    private(set) var load: [Int]
    /// What balancing compares: packets, with worker 0's counted a quarter heavier, since its
    /// thread also reads the capture and hands the other workers their packets.
    private var weighted: [Int]
    /// How long a bucket must be idle (network time, nanoseconds) before it may move.
    let idleNanoseconds: Int64

    init(workers: Int, limits: Limits) {
        owner = Array(repeating: -1, count: Self.bucketCount)
        lastSeen = Array(repeating: 0, count: Self.bucketCount)
        load = Array(repeating: 0, count: workers)
        weighted = Array(repeating: 0, count: workers)
        let longest = max(
            limits.tcpInactivitySeconds, limits.udpInactivitySeconds, limits.icmpInactivitySeconds, limits.fragmentTimeoutSeconds)
        idleNanoseconds = (longest + 2 * FlowTable.sweepIntervalSeconds) * 1_000_000_000
    }

    /// Batches a worker may have waiting before it takes no new bucket: a quarter of its ring,
    /// so that it is never short of work while the reader fills other workers' batches, and
    /// far from the full ring at which the reader would stop and wait for it.
    static let behindBatches = ShardWorker.ringSize / 4

    /// The worker for a frame with pair hash `hash` (nil: worker 0), read at network time `now`.
    /// `backlog(i)` is how many batches worker `i` (1 and up) has waiting.
    mutating func worker(hash: UInt64?, now: Timestamp, backlog: (Int) -> Int = { _ in 0 }) -> Int {
        guard let hash else {
            count(0)
            return 0
        }
        let b = Int(truncatingIfNeeded: hash % UInt64(Self.bucketCount))
        if owner[b] < 0 || now.nanoseconds - lastSeen[b] > idleNanoseconds {
            owner[b] = Int32(leastLoaded(backlog: backlog))
        }
        lastSeen[b] = now.nanoseconds
        let w = Int(owner[b])
        count(w)
        return w
    }

    private mutating func count(_ w: Int) {
        load[w] += 1
        weighted[w] += w == 0 ? 5 : 4
    }

    /// The worker with the fewest (weighted) packets among those not behind. Packets are only
    /// a rough measure of work: a BACnet packet that writes two long rows costs several times
    /// a TCP acknowledgement, and on the benchmark's capture the worker given the most costly
    /// pairs fell behind while the reader, which is also worker 0, waited for it (a tenth of a
    /// two-worker run). A worker whose queue is long takes no new bucket until it catches up;
    /// worker 0 has no queue (it works between reads), so it is never behind.
    private func leastLoaded(backlog: (Int) -> Int) -> Int {
        var best = 0
        for i in weighted.indices.dropFirst() where weighted[i] < weighted[best] && backlog(i) < Self.behindBatches {
            best = i
        }
        return best
    }
}
