import VigilCore

/// Tracks connections by 5-tuple with Zeek-style uids, direction heuristics, inactivity
/// timeouts and a bound on how many flows are held.
public final class FlowTable {
    struct Key: Hashable {
        var a: IPAddress, b: IPAddress
        var aPort: UInt16, bPort: UInt16
        var proto: TransportProtocol

        /// Folds the tuple into two words before hashing: the synthesized version hashes
        /// each enum case and payload separately, which showed up in profiles.
        func hash(into h: inout Hasher) {
            h.combine(UInt64(aPort) << 32 | UInt64(bPort) << 16 | UInt64(proto.rawValue))
            h.combine(a.hashFold &* 0x9E37_79B9_7F4A_7C15 ^ b.hashFold)
        }
    }

    public let limits: Limits
    /// Every held flow. Whatever removes one must also make `recent` forget it.
    private(set) var flows: [Key: Connection] = [:]
    /// The held flows in the order they were made. Sweeps walk this rather than `flows`,
    /// whose order changes from run to run with its hash seed, so that flows time out (and
    /// conn.log's rows come out) in the same order on every run; sorting each sweep's flows
    /// instead cost ~460 instructions a flow on a scan's sweeps of thousands. A flow that
    /// left the table another way (evicted, reopened) is dropped at the next sweep.
    private var order: [Connection] = []
    /// The flows of the latest packets, checked before `flows` (see `RecentFlows`).
    private let recent = RecentFlows(slotCount: 1024)
    var uids: ConnectionUIDGenerator
    /// Ports where a server is likely, used as Zeek's `likely_server_ports` is: to orient a
    /// flow whose first packet we saw came from the server.
    public var likelyServerPorts: Set<UInt16>
    public private(set) var evicted = 0
    /// Times the table was found full and a batch evicted (each reads every flow's time).
    private(set) var evictionPasses = 0
    var lastSweep = Timestamp.zero

    /// How often (in capture time) idle flows are swept out.
    public static let sweepIntervalSeconds: Int64 = 10

    public init(limits: Limits = .default, likelyServerPorts: Set<UInt16> = [], seed: UInt64 = 0x5EED_0F_71_6111) {
        self.limits = limits
        self.likelyServerPorts = likelyServerPorts
        self.uids = ConnectionUIDGenerator(seed: seed)
    }

    public var count: Int { flows.count }

    /// Connections the creation-order list holds, including those waiting to be dropped.
    var orderCount: Int { order.count }

    static func key(_ p: DecodedPacket) -> Key {
        var sp = p.srcPort
        var dp = p.dstPort
        if p.proto == .icmp || p.proto == .icmp6 {
            // Zeek pairs an ICMP request with its reply by mapping both onto (type, counterpart).
            let t = UInt8(truncatingIfNeeded: sp)
            if let (req, rep) = icmpPair(type: t, v6: p.proto == .icmp6) {
                sp = UInt16(req)
                dp = UInt16(rep)
            } else {
                sp = UInt16(t)
                dp = 0
            }
            return p.src < p.dst || (p.src == p.dst)
                ? Key(a: p.src, b: p.dst, aPort: sp, bPort: dp, proto: p.proto)
                : Key(a: p.dst, b: p.src, aPort: sp, bPort: dp, proto: p.proto)
        }
        if (p.src, sp) < (p.dst, dp) { return Key(a: p.src, b: p.dst, aPort: sp, bPort: dp, proto: p.proto) }
        return Key(a: p.dst, b: p.src, aPort: dp, bPort: sp, proto: p.proto)
    }

    /// ICMP request/reply pairs (RFC 792, RFC 4443), normalised to (request type, reply type).
    static func icmpPair(type: UInt8, v6: Bool) -> (UInt8, UInt8)? {
        let pairs: [(UInt8, UInt8)] =
            v6 ? [(128, 129), (133, 134), (135, 136), (130, 131)] : [(8, 0), (13, 14), (15, 16), (17, 18), (10, 9)]
        for (req, rep) in pairs where type == req || type == rep { return (req, rep) }
        return nil
    }

    /// Finds or creates the connection for a packet. Returns the connection, whether the
    /// packet travels from its originator, and any connections that were closed to make room
    /// or because they timed out (the caller logs those).
    public func lookup(_ p: DecodedPacket, at ts: Timestamp, sweepTime: Timestamp? = nil, expired: inout [Connection]) -> (
        Connection, Bool
    ) {
        let (c, isOrig) = lookupUnretained(p, at: ts, sweepTime: sweepTime ?? ts, expired: &expired)
        return (c.takeUnretainedValue(), isOrig)
    }

    /// `lookup` for the per-packet path, without retaining the connection: the table keeps it
    /// until a later call removes it, so it is valid until the next `lookup`, `sweep` or
    /// `drain`. Saves a retain and a release of the connection on every packet.
    ///
    /// `sweepTime` is the run's `NetworkClock.sweepTime`: when it has moved on since the last
    /// call, flows idle past their timeout at that time are finished first. A flow is kept for
    /// this packet if the packet is within the timeout of the flow's last one.
    public func lookupUnretained(_ p: DecodedPacket, at ts: Timestamp, sweepTime: Timestamp, expired: inout [Connection])
        -> (Unmanaged<Connection>, Bool)
    {
        if sweepTime > lastSweep {
            sweep(now: sweepTime, into: &expired)
            lastSweep = sweepTime
        }
        let k = FlowTable.key(p)
        var held = recent.find(k)
        let wasRecent = held != nil
        if !wasRecent { held = flows[k].map { Unmanaged.passUnretained($0) } }
        if let held {
            let keep = held._withUnsafeGuaranteedRef { c in
                let idle = ts.nanoseconds - c.last.nanoseconds
                let reopened =
                    p.proto == .tcp && p.tcpFlags.contains(.syn) && !p.tcpFlags.contains(.ack)
                    && (c.orig.tcpState == .closed || c.orig.tcpState == .reset || c.resp.tcpState == .reset || c.resp.tcpState == .closed)
                    && c.orig.startSeq != p.seq &+ 1
                let ended =
                    p.proto == .tcp
                    && (c.orig.tcpState == .reset || c.resp.tcpState == .reset
                        || (c.orig.tcpState == .closed && c.resp.tcpState == .closed))
                    && idle > limits.tcpClosedSeconds * 1_000_000_000
                return idle <= timeout(p.proto) * 1_000_000_000 && !reopened && !ended
            }
            if keep {
                if !wasRecent { recent.remember(k, held) }
                return (held, held._withUnsafeGuaranteedRef { isFromOrig($0, p) })
            }
            expired.append(held.takeUnretainedValue())
            held._withUnsafeGuaranteedRef { $0.tableKey = nil }
            flows[k] = nil
            recent.forget(k)
        }
        if flows.count >= limits.maxFlows { evictLongestIdle(into: &expired) }
        let flip = shouldFlip(p)
        var id = ConnectionID(origHost: p.src, origPort: p.srcPort, respHost: p.dst, respPort: p.dstPort, proto: p.proto)
        if p.proto == .icmp || p.proto == .icmp6 {
            // Zeek: orig_p is the ICMP type, resp_p its counterpart type (or the code for
            // one-way messages such as unreachables).
            let t = UInt8(truncatingIfNeeded: p.srcPort)
            var counterpart = p.dstPort
            if let (req, rep) = FlowTable.icmpPair(type: t, v6: p.proto == .icmp6) { counterpart = UInt16(t == req ? rep : req) }
            id = ConnectionID(origHost: p.src, origPort: UInt16(t), respHost: p.dst, respPort: counterpart, proto: p.proto)
        } else if flip {
            id = id.flipped
        }
        let c = Connection(uid: uid(k, start: ts), id: id, start: ts, flipped: flip, limits: limits)
        flows[k] = c
        order.append(c)
        c.tableKey = k
        // A flow that left another way (evicted, reopened) waits in `order` for the next sweep.
        // A flood at the flow limit evicts one flow a packet, so drop them sooner: the list
        // never holds more than about twice the table (each drop is paid for by the appends
        // before it).
        if order.count > 2 * flows.count + 64 { order.removeAll { $0.tableKey == nil } }
        recent.remember(k, Unmanaged.passUnretained(c))
        return (Unmanaged.passUnretained(c), isFromOrig(c, p))
    }

    /// Flows evicted at once when the table is full: a sixteenth of the limit (at least one).
    /// Finding the longest idle flows reads every flow's time, so a flood of new flows at the
    /// limit (a scan of a large range) pays for that once per batch, not once per new flow:
    /// one at a time, a scan past 250,000 flows took more than five minutes to read 300,000.
    var evictionBatch: Int { max(1, limits.maxFlows / 16) }

    /// Evicts the `evictionBatch` flows idle the longest (least recent packet; of those idle
    /// equally long, the first made), handing them back in the order they were made.
    private func evictLongestIdle(into expired: inout [Connection]) {
        let batch = min(evictionBatch, flows.count)
        guard batch > 0 else { return }
        evictionPasses += 1
        // The batch-th smallest last-packet time: flows idle longer go, and of those idle
        // exactly that long, as many as the batch still needs.
        var times = order.compactMap { $0.tableKey == nil ? nil : $0.last.nanoseconds }
        times.sort()
        let threshold = times[batch - 1]
        var ties = batch - times.prefix(batch).reduce(0) { $1 < threshold ? $0 + 1 : $0 }
        for c in order {
            guard let key = c.tableKey else { continue }
            let t = c.last.nanoseconds
            guard t < threshold || (t == threshold && ties > 0) else { continue }
            if t == threshold { ties -= 1 }
            flows[key] = nil
            recent.forget(key)
            c.tableKey = nil
            expired.append(c)
            evicted += 1
        }
    }

    /// A flow's uid, from its key and first packet's time (`ConnectionUIDGenerator.bits`).
    func uid(_ k: Key, start: Timestamp) -> ConnectionUIDBits {
        let ports = UInt64(k.aPort) << 32 | UInt64(k.bPort) << 16 | UInt64(k.proto.rawValue)
        return uids.bits(k.a, k.b, ports: ports, start: start)
    }

    @inline(__always) func isFromOrig(_ c: Connection, _ p: DecodedPacket) -> Bool {
        if p.proto == .icmp || p.proto == .icmp6 { return p.src == c.id.origHost }
        return p.src == c.id.origHost && p.srcPort == c.id.origPort
    }

    /// Seconds of inactivity after which a flow of `proto` ends.
    public func timeout(_ proto: TransportProtocol) -> Int64 {
        switch proto {
        case .tcp: return limits.tcpInactivitySeconds
        case .udp: return limits.udpInactivitySeconds
        default: return limits.icmpInactivitySeconds
        }
    }

    /// Zeek flips a new flow when its first packet is a SYN-ACK, or when it came from a likely
    /// server port to a port that is not one.
    func shouldFlip(_ p: DecodedPacket) -> Bool {
        switch p.proto {
        case .tcp:
            if p.tcpFlags.contains(.syn) { return p.tcpFlags.contains(.ack) }
            return likelyServerPorts.contains(p.srcPort) && !likelyServerPorts.contains(p.dstPort)
        case .udp:
            return likelyServerPorts.contains(p.srcPort) && !likelyServerPorts.contains(p.dstPort)
        default:
            return false
        }
    }

    /// Moves the flows idle past their timeout to `expired`, in the order they were made.
    func sweep(now: Timestamp, into expired: inout [Connection]) {
        var kept = 0
        for i in order.indices {
            let c = order[i]
            guard let key = c.tableKey else { continue }
            if now.nanoseconds - c.last.nanoseconds > timeout(c.id.proto) * 1_000_000_000 {
                c.tableKey = nil
                flows[key] = nil
                recent.forget(key)
                expired.append(c)
            } else {
                order[kept] = c
                kept += 1
            }
        }
        order.removeLast(order.count - kept)
    }

    /// Removes and returns every connection (end of input), in the order they were made.
    public func drain() -> [Connection] {
        let all = order.filter { $0.tableKey != nil }
        for c in all { c.tableKey = nil }
        order.removeAll()
        flows.removeAll()
        recent.forgetAll()
        return all
    }
}
