/// The secured frames recently seen in one direction, for replay detection: a bounded FIFO of
/// frame hashes with the packet number each was first seen at. Secured frames carry a MAC that
/// chains through the session, so a legitimate frame never repeats except as an immediate
/// retransmission, which the caller exempts before asking.
struct OSDPFrameMemory {
    private var firstSeen: [Int: Int] = [:]
    private var order: [Int] = []
    private var next = 0

    /// The packet number at which an identical frame was seen, or nil; then remembers `frame`.
    mutating func recall(_ frame: [UInt8], packet: Int) -> Int? {
        var hasher = Hasher()
        hasher.combine(frame)
        let hash = hasher.finalize()
        if let earlier = firstSeen[hash] { return earlier }
        if order.count < OSDPLimits.rememberedSecureFrames {
            order.append(hash)
        } else {
            firstSeen[order[next]] = nil
            order[next] = hash
            next = (next + 1) % order.count
        }
        firstSeen[hash] = packet
        return nil
    }
}
