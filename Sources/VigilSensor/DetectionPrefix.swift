import VigilCore

/// The first bytes of a TCP flow whose protocol is not known yet, kept while they are too few
/// to decide: a client that sends its first message in pieces (a request line a byte per
/// segment, a Modbus header before its PDU) is recognised on the pieces joined, and the
/// analyzer is then handed every piece in the order and at the time it arrived. Zeek keeps
/// a flow's first bytes for the same reason (`dpd_buffer_size`).
///
/// Without it, splitting the first message into segments of a byte or two was enough to hide
/// a connection from every analyzer, and so from every rule.
struct DetectionPrefix {
    /// Bytes a direction is kept to at most before a decision: more than any signature reads
    /// (`AnalyzerDescriptor.confirms`). A first chunk this long that matched nothing is a
    /// decision; one shorter may be the start of a message.
    static let decidingBytes = 64

    private(set) var orig: [UInt8] = []
    private(set) var resp: [UInt8] = []
    /// Where each chunk ends in its direction's bytes and when it came, in arrival order.
    private var chunks: [(isOrig: Bool, end: Int, ts: Timestamp)] = []
    /// Sides that take no more bytes (`close`).
    private var closedOrig = false
    private var closedResp = false

    func bytes(isOrig: Bool) -> [UInt8] { isOrig ? orig : resp }

    private func isClosed(_ isOrig: Bool) -> Bool { isOrig ? closedOrig : closedResp }

    var isEmpty: Bool { chunks.isEmpty }

    /// Whether `chunk`, which matched nothing alone, is kept: it is, while its direction holds
    /// fewer than `decidingBytes` and either holds some already or `chunk` is short itself.
    mutating func keep(_ chunk: UnsafeRawBufferPointer, isOrig: Bool, at ts: Timestamp) -> Bool {
        let held = bytes(isOrig: isOrig).count
        guard !isClosed(isOrig), held < Self.decidingBytes, held > 0 || chunk.count < Self.decidingBytes else {
            return false
        }
        if isOrig {
            orig.append(contentsOf: chunk)
            chunks.append((true, orig.count, ts))
        } else {
            resp.append(contentsOf: chunk)
            chunks.append((false, resp.count, ts))
        }
        return true
    }

    /// Whether the side's first message may not have ended: it holds fewer bytes than
    /// `decidingBytes`, and nothing (a gap, the other side speaking) ended it.
    func isUndecided(isOrig: Bool) -> Bool {
        let held = bytes(isOrig: isOrig).count
        return held > 0 && held < Self.decidingBytes && !isClosed(isOrig)
    }

    /// The side's bytes, decided on and matching nothing, are let go of, and it takes no more:
    /// a flow holds at most `decidingBytes` a side while undecided, whatever its chunks.
    mutating func drop(isOrig: Bool) {
        if isOrig { orig = [] } else { resp = [] }
        chunks.removeAll { $0.isOrig == isOrig }
        close(isOrig: isOrig)
    }

    /// The side takes no more bytes: a gap broke them, or its first message was decided on.
    mutating func close(isOrig: Bool) {
        if isOrig { closedOrig = true } else { closedResp = true }
    }

    /// Hands `deliver` each chunk kept, in arrival order, with its direction and time; with
    /// `only`, those of that direction.
    func replay(only: Bool? = nil, _ deliver: (UnsafeRawBufferPointer, Bool, Timestamp) -> Void) {
        var start = (orig: 0, resp: 0)
        for chunk in chunks {
            let from = chunk.isOrig ? start.orig : start.resp
            if chunk.isOrig { start.orig = chunk.end } else { start.resp = chunk.end }
            guard only == nil || only == chunk.isOrig else { continue }
            (chunk.isOrig ? orig : resp).withUnsafeBytes {
                deliver(UnsafeRawBufferPointer(rebasing: $0[from..<chunk.end]), chunk.isOrig, chunk.ts)
            }
        }
    }
}
