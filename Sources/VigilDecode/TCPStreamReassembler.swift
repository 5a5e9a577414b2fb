import VigilCore

/// What a reassembler hands on: in-order bytes, or the size of a hole it gave up waiting on.
public enum StreamChunk {
    case data(UnsafeRawBufferPointer)
    case gap(Int)
}

/// Puts one direction of a TCP stream back in order (RFC 9293 §3.10.7.4 segment arrival).
///
/// Handles out-of-order arrival, retransmission and overlap (first copy wins, as in Linux and
/// Zeek's default policy), gaps (reported with their size, never stalling the stream) and
/// midstream pickup (the first segment seen sets the expected sequence number).
public struct TCPStreamReassembler {
    public private(set) var nextSeq: UInt32?
    var pending: [(seq: UInt32, data: [UInt8])] = []
    var pendingBytes = 0
    public private(set) var gapBytes = 0
    public private(set) var retransmissions = 0
    let maxBytes: Int
    let maxSegments: Int

    public init(limits: Limits = .default) {
        maxBytes = limits.maxReassemblyBytesPerDirection
        maxSegments = limits.maxOutOfOrderSegments
    }

    /// Signed distance from `a` to `b` in sequence space (RFC 1982 serial arithmetic).
    @inline(__always) static func distance(_ a: UInt32, _ b: UInt32) -> Int { Int(Int32(bitPattern: b &- a)) }

    /// Feeds one segment. `syn` marks a SYN, whose sequence number precedes the data by one.
    public mutating func add(seq: UInt32, syn: Bool, payload: UnsafeRawBufferPointer, deliver: (StreamChunk) -> Void) {
        if nextSeq == nil { nextSeq = syn ? seq &+ 1 : seq }
        let dataSeq = syn ? seq &+ 1 : seq
        guard payload.count > 0, let expected = nextSeq else { return }
        let rel = TCPStreamReassembler.distance(expected, dataSeq)
        if rel <= 0 {
            let skip = -rel
            if skip >= payload.count {
                retransmissions += 1
                return
            }
            let fresh = UnsafeRawBufferPointer(rebasing: payload[skip...])
            nextSeq = expected &+ UInt32(fresh.count)
            deliver(.data(fresh))
            drain(deliver)
            return
        }
        // Ahead of the expected byte: hold a copy, unless that would pass a limit.
        if pendingBytes + payload.count > maxBytes || pending.count >= maxSegments {
            skipToFirstPending(deliver, orTo: dataSeq)
        }
        if TCPStreamReassembler.distance(nextSeq!, dataSeq) == 0 {
            nextSeq = dataSeq &+ UInt32(payload.count)
            deliver(.data(payload))
            drain(deliver)
            return
        }
        pending.append((dataSeq, Array(payload)))
        pendingBytes += payload.count
    }

    /// Delivers whatever is held, declaring the holes between as gaps (end of flow, FIN, RST).
    public mutating func flush(_ deliver: (StreamChunk) -> Void) {
        while !pending.isEmpty { skipToFirstPending(deliver, orTo: nil) }
    }

    public var hasPending: Bool { !pending.isEmpty }

    /// The peer acknowledged up to `ack`. If that covers the first segment held beyond a hole,
    /// the hole's bytes were sent but never captured: declare the gap now instead of waiting
    /// for the end of the flow (as Zeek does when an ACK passes a hole).
    public mutating func acknowledged(upTo ack: UInt32, deliver: (StreamChunk) -> Void) {
        guard !pending.isEmpty, let expected = nextSeq, TCPStreamReassembler.distance(expected, ack) > 0 else { return }
        guard let first = firstPendingSeq(after: expected), TCPStreamReassembler.distance(first, ack) >= 0 else { return }
        skipToFirstPending(deliver, orTo: nil)
    }

    /// Sequence number of the held segment nearest after `expected`.
    private func firstPendingSeq(after expected: UInt32) -> UInt32? {
        pending.min { TCPStreamReassembler.distance(expected, $0.seq) < TCPStreamReassembler.distance(expected, $1.seq) }?.seq
    }

    private mutating func skipToFirstPending(_ deliver: (StreamChunk) -> Void, orTo seq: UInt32?) {
        guard let expected = nextSeq else { return }
        var target = seq
        if let first = firstPendingSeq(after: expected) {
            if target == nil || TCPStreamReassembler.distance(first, target!) > 0 { target = first }
        }
        guard let t = target else { return }
        let hole = TCPStreamReassembler.distance(expected, t)
        if hole > 0 {
            gapBytes += hole
            deliver(.gap(hole))
            nextSeq = t
        }
        drain(deliver)
    }

    private mutating func drain(_ deliver: (StreamChunk) -> Void) {
        var progressed = true
        while progressed && !pending.isEmpty {
            progressed = false
            guard let expected = nextSeq else { return }
            var i = 0
            while i < pending.count {
                let seg = pending[i]
                let rel = TCPStreamReassembler.distance(expected, seg.seq)
                if rel <= 0 {
                    pending.remove(at: i)
                    pendingBytes -= seg.data.count
                    let skip = -rel
                    if skip < seg.data.count {
                        let n = seg.data.count - skip
                        nextSeq = expected &+ UInt32(n)
                        seg.data.withUnsafeBytes { deliver(.data(UnsafeRawBufferPointer(rebasing: $0[skip...]))) }
                    }
                    progressed = true
                    break
                }
                i += 1
            }
        }
    }
}
