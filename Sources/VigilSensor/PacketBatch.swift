import VigilCapture
import VigilCore

/// Packets on their way from the reader to one worker: their bytes copied into one arena, so
/// a batch of about a thousand packets costs one hand-over instead of one per packet.
final class PacketBatch {
    /// What the worker does after the batch's packets.
    enum Control {
        /// Nothing: take the next batch.
        case none
        /// Flush its logs and wait until the run resumes (rotation, inventory snapshots).
        case pause
        /// End of input: finish every flow, flush, stop.
        case end
    }

    /// Packets a batch holds at most: enough that hand-overs are rare, few enough that a
    /// worker is not left idle while the reader fills a batch for the other one.
    static let maxPackets = 1024
    /// Bytes a batch holds at most: two of the largest capture records (`Limits`), and about
    /// three times what 1,024 packets of the benchmark's mix take.
    static let arenaBytes = 1 << 19

    let arena: UnsafeMutableRawPointer
    private(set) var used = 0
    private(set) var packets: [CapturedPacket] = []
    /// Each packet's `NetworkClock.sweepTime`, from the clock of the whole input.
    private(set) var sweepTimes: [Timestamp] = []
    var control = Control.none

    init() {
        arena = .allocate(byteCount: Self.arenaBytes, alignment: 16)
        packets.reserveCapacity(Self.maxPackets)
        sweepTimes.reserveCapacity(Self.maxPackets)
    }

    deinit { arena.deallocate() }

    /// Whether `packet` still fits.
    func hasRoom(for packet: CapturedPacket) -> Bool {
        packets.count < Self.maxPackets && used + packet.data.count <= Self.arenaBytes
    }

    /// Copies `packet` in; its bytes stay valid until `reset`.
    func append(_ packet: CapturedPacket, sweepTime: Timestamp) {
        let n = packet.data.count
        if n > 0 { (arena + used).copyMemory(from: packet.data.baseAddress!, byteCount: n) }
        var copy = packet
        copy.data = UnsafeRawBufferPointer(start: arena + used, count: n)
        packets.append(copy)
        sweepTimes.append(sweepTime)
        used += n
    }

    func reset() {
        used = 0
        packets.removeAll(keepingCapacity: true)
        sweepTimes.removeAll(keepingCapacity: true)
        control = .none
    }
}
