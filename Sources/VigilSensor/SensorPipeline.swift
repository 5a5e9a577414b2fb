import VigilCapture
import VigilCore
import VigilDecode
import VigilEvents
import VigilInventory
import VigilLogs
import VigilProtocols

/// Wires packets through decoding, the flow table and protocol analyzers into logs and the
/// inventory. One pipeline runs on one core; nothing in it is shared.
public final class SensorPipeline {
    public let limits: Limits
    let registry: ProtocolRegistry
    var decoder: PacketDecoder
    let flows: FlowTable
    let router: EventRouter
    let shared = SharedProtocolState()
    /// One for every flow this pipeline reads: a mark is taken right after the delivery or
    /// finish that made it, and flows are read one at a time, so no flow needs its own.
    let partialAnalysis = PartialAnalysis()
    public let inventory: AssetInventory
    var expired: [Connection] = []
    var lastTimestamp = Timestamp.zero
    /// The input's network time, when this pipeline sees all of it.
    var clock = NetworkClock()
    /// When flows were last due to be swept (`NetworkClock.sweepTime`).
    var sweepTime = Timestamp.zero
    /// The sweep time at which tunnels were last checked for expiry.
    var lastTunnelSweep = Timestamp.zero
    /// The whole input's last packet time, when this pipeline is one worker of several (set
    /// by `ShardedPipeline` before the end): tunnels still open at the end close then, as they
    /// would with one worker.
    var inputEnd: Timestamp?

    /// Whether x509.log is this pipeline's to write at its end; not when it is one worker of
    /// several, whose run writes the certificates all of them saw (`CertificateSightings`).
    let writesCertificatesAtEnd: Bool

    /// `certificates`: the run's shared sightings when this pipeline is one of its workers.
    public init(
        logs: LogSink, limits: Limits = .default, registry: ProtocolRegistry = .standard,
        localNetworks: LocalNetworks = .zeekDefault, certificates: CertificateSightings? = nil
    ) {
        self.limits = limits
        self.registry = registry
        decoder = PacketDecoder(limits: limits)
        flows = FlowTable(limits: limits, likelyServerPorts: registry.likelyServerPorts)
        inventory = AssetInventory()
        router = EventRouter(
            logs: logs, inventory: inventory, localNetworks: localNetworks, certificates: certificates ?? CertificateSightings())
        writesCertificatesAtEnd = certificates == nil
    }

    public var statistics: SensorStatistics {
        var s = router.statistics
        s.connections = s.logRows["conn"] ?? 0
        return s
    }

    /// A write to the log directory failed (disk full, permissions): the caller stops.
    public var outputError: VigilError? { router.writeError }

    public func process(_ packet: CapturedPacket) {
        clock.advance(to: packet.timestamp)
        process(packet, sweepTime: clock.sweepTime)
    }

    /// A packet of an input this pipeline sees only a share of (`ShardedPipeline`):
    /// `sweepTime` is the whole input's `NetworkClock.sweepTime` at this packet.
    public func process(_ packet: CapturedPacket, sweepTime: Timestamp) {
        router.stats.packets += 1
        router.stats.bytes += packet.wireLength
        let ts = packet.timestamp
        if ts > lastTimestamp { lastTimestamp = ts }
        self.sweepTime = sweepTime
        router.now = ts
        var p = DecodedPacket()
        let result = decoder.decode(linkType: packet.linkType.rawValue, packet.data, at: ts, into: &p)
        dispatch(result, p, at: ts, tunnels: [])
    }

    /// Hands a decoded frame on by what it is. `tunnels`: the tunnels it came through,
    /// outermost first (empty for a captured frame).
    private func dispatch(_ result: DecodeResult, _ p: DecodedPacket, at ts: Timestamp, tunnels: [Tunnel]) {
        switch result {
        case .ip:
            if tunnels.isEmpty { router.stats.ipPackets += 1 }
            handle(p, at: ts, tunnels: tunnels)
        case .arp(let a, _):
            router.stats.arpPackets += 1
            router.emit(.arp(ARPObservation(ts: ts, senderMAC: a.senderMAC, senderIP: a.senderIP, operation: a.operation)))
        case .fragmentHeld:
            router.stats.fragmentsHeld += 1
        case .linkDiscovery(let frame):
            router.stats.nonIPPackets += 1
            LinkDiscoveryReporter.report(frame, at: ts, sink: router)
        case .notIP:
            router.stats.nonIPPackets += 1
        case .malformed(let name):
            // The summary's count is of captured frames; a bad frame inside a tunnel has its weird.
            if tunnels.isEmpty { router.stats.malformedPackets += 1 }
            router.emit(.weird(Weird(ts: ts, uid: nil, id: nil, name: name, source: "decode")))
        }
    }

    func handle(_ p: DecodedPacket, at ts: Timestamp, tunnels: [Tunnel] = []) {
        guard p.proto != .other else { return openIPTunnel(p, at: ts, tunnels: tunnels) }
        let (held, isOrig) = flows.lookupUnretained(p, at: ts, sweepTime: sweepTime, expired: &expired)
        if !expired.isEmpty {
            for c in expired { finish(c, closedAt: closingTime(c, now: ts)) }
            expired.removeAll(keepingCapacity: true)
            // Finishing stamps events with each connection's last packet time; this packet's
            // events carry its own (an asset's first_seen took a finished flow's time).
            router.now = ts
        }
        if sweepTime > lastTunnelSweep {
            lastTunnelSweep = sweepTime
            router.tunnels.expire(now: sweepTime) { router.emit(.tunnel($0)) }
        }
        if !tunnels.isEmpty { noteTunnels(tunnels, connection: held, at: ts) }
        // A UDP connection to a tunnel's port: its datagrams are opened rather than analysed.
        let respPort = p.proto == .udp ? held._withUnsafeGuaranteedRef { $0.id.respPort } : 0
        if TunnelDecapsulator.isTunnelPort(respPort), case .inner(let frame) = TunnelDecapsulator.udp(p.payload, respPort: respPort) {
            // Retained: the packets inside may end flows, this one among them.
            let carrier = held.takeUnretainedValue()
            carrier.record(p, isOrig: isOrig, at: ts)
            let tunnel = Tunnel(uidBits: carrier.uidBits, id: carrier.id, type: frame.type)
            if openTunnel(frame, tunnel, at: ts, outer: tunnels), let service = frame.type.service, !carrier.services.contains(service) {
                carrier.addService(service)
                router.stats.services[service, default: 0] += 1
            }
            return
        }
        // Borrowed, not retained: the flow table holds the connection until a later lookup,
        // and the connection holds its analysis until it is finished. Retaining and releasing
        // both for every packet was a tenth of the run's reference counting.
        held._withUnsafeGuaranteedRef { conn in
            if p.proto == .tcp, !shared.ftpData.isEmpty, conn.orig.packets == 0, conn.resp.packets == 0 {
                expectFTPData(conn, at: ts)
            }
            conn.record(p, isOrig: isOrig, at: ts)
            let analysis: Unmanaged<FlowAnalysis>
            // Only this pipeline sets attachments, so the type is known: skip the dynamic cast.
            if let address = conn.attachmentAddress {
                analysis = Unmanaged.fromOpaque(address)
            } else if p.payload.isEmpty || (p.proto != .tcp && p.proto != .udp) {
                // No analysis until the flow carries payload an analyzer could read: most flows
                // of a scan are one SYN, and an analysis (its context, log text and their
                // teardown) was ~2,500 instructions of each. A TCP stream still learns its
                // first sequence number; nothing can be pending without payload.
                if p.proto == .tcp {
                    let syn = p.tcpFlags.contains(.syn)
                    if isOrig {
                        conn.orig.stream.add(seq: p.seq, syn: syn, payload: p.payload) { _ in }
                    } else {
                        conn.resp.stream.add(seq: p.seq, syn: syn, payload: p.payload) { _ in }
                    }
                }
                return
            } else {
                let created = FlowAnalysis(conn, at: ts, sink: router, limits: limits, shared: shared, partial: partialAnalysis)
                conn.attachment = created
                analysis = Unmanaged.passUnretained(created)
            }
            analysis._withUnsafeGuaranteedRef { handlePayload(p, conn: conn, analysis: $0, isOrig: isOrig, at: ts) }
        }
    }

    /// A new TCP connection an FTP control session announced is its data connection from
    /// the start (Zeek's scheduled FTP-data analyzer): its bytes are files, not a protocol to
    /// recognise.
    private func expectFTPData(_ conn: Connection, at ts: Timestamp) {
        guard let note = shared.ftpData.claim(conn.id, at: ts) else { return }
        let analysis = FlowAnalysis(conn, at: ts, sink: router, limits: limits, shared: shared, partial: partialAnalysis)
        analysis.state = .active(FTPDataAnalyzer(note: note))
        conn.attachment = analysis
        conn.addService(FTPDataAnalyzer.service)
        router.stats.services[FTPDataAnalyzer.service, default: 0] += 1
    }

    // MARK: Tunnels

    /// IP-in-IP or GRE: the packet inside is analysed as a packet of its own. No connection
    /// carries these tunnels (Zeek keeps none for them either).
    private func openIPTunnel(_ p: DecodedPacket, at ts: Timestamp, tunnels: [Tunnel]) {
        switch TunnelDecapsulator.ip(p) {
        case .notTunnel:
            return
        case .malformed(let name):
            router.emit(.weird(Weird(ts: ts, uid: nil, id: nil, name: name, source: "tunnel")))
        case .inner(let frame):
            let tunnel = router.tunnels.ipTunnel(from: p.src, to: p.dst, type: frame.type, at: ts)
            _ = openTunnel(frame, tunnel, at: ts, outer: tunnels)
        }
    }

    /// Decodes and analyses the frame inside `tunnel`; false when it could not be decoded.
    private func openTunnel(_ frame: EncapsulatedFrame, _ tunnel: Tunnel, at ts: Timestamp, outer: [Tunnel]) -> Bool {
        guard outer.count < TunnelDecapsulator.maxDepth else {
            // A tunnel carried by a UDP connection names it, as Zeek's flow weirds do.
            let carried = tunnel.type.service != nil
            router.emit(
                .weird(
                    Weird(
                        ts: ts, uid: carried ? tunnel.uidBits?.text : nil, id: carried ? tunnel.id : nil, name: "exceeded_tunnel_max_depth",
                        source: "tunnel")))
            return false
        }
        router.stats.tunnelledPackets += 1
        var inner = DecodedPacket()
        let result = decoder.decode(linkType: frame.linkType, frame.frame, at: ts, into: &inner)
        dispatch(result, inner, at: ts, tunnels: outer + [tunnel])
        router.now = ts
        if case .malformed = result { return false }
        return true
    }

    /// A packet of `connection` came through `tunnels`: a connection that starts, or moves to
    /// a tunnel it had not used, makes the tunnels active (Zeek's new_connection and
    /// tunnel_changed), and the innermost tunnel joins its `tunnel_parents`.
    private func noteTunnels(_ tunnels: [Tunnel], connection held: Unmanaged<Connection>, at ts: Timestamp) {
        held._withUnsafeGuaranteedRef { conn in
            let starts = conn.orig.packets == 0 && conn.resp.packets == 0
            // Tunnels a packet came through always have a uid (only HTTP's have none).
            let moved = tunnels[tunnels.count - 1].uidBits.flatMap { conn.tunnelParents.contains($0) ? nil : $0 }
            guard starts || moved != nil else { return }
            if let moved { conn.tunnelParents.append(moved) }
            router.tunnels.connectionStarted(in: tunnels, at: ts) { router.emit(.tunnel($0)) }
        }
    }

    /// Hands a packet's payload to the flow's analyzer: through the stream reassembler for
    /// TCP, as one datagram for UDP.
    private func handlePayload(_ p: DecodedPacket, conn: Connection, analysis: FlowAnalysis, isOrig: Bool, at ts: Timestamp) {
        guard analysis.wantsPayload else { return }
        analysis.context.ts = ts
        if p.proto == .tcp {
            let syn = p.tcpFlags.contains(.syn)
            let closing = p.tcpFlags.contains(.fin) || p.tcpFlags.contains(.rst)
            // Closures passed inline stay non-escaping: no per-packet heap allocation.
            if p.tcpFlags.contains(.ack) {
                if isOrig {
                    if conn.resp.stream.hasPending {
                        conn.resp.stream.acknowledged(upTo: p.ack) {
                            deliver($0, conn: conn, analysis: analysis, isOrig: false, context: &analysis.context)
                        }
                    }
                } else if conn.orig.stream.hasPending {
                    conn.orig.stream.acknowledged(upTo: p.ack) {
                        deliver($0, conn: conn, analysis: analysis, isOrig: true, context: &analysis.context)
                    }
                }
            }
            if isOrig {
                conn.orig.stream.add(seq: p.seq, syn: syn, payload: p.payload) {
                    deliver($0, conn: conn, analysis: analysis, isOrig: true, context: &analysis.context)
                }
                if closing {
                    conn.orig.stream.flush { deliver($0, conn: conn, analysis: analysis, isOrig: true, context: &analysis.context) }
                    if case .active(let a) = analysis.state { endOfData(a, isOrig: true, conn: conn, context: analysis.context) }
                }
            } else {
                conn.resp.stream.add(seq: p.seq, syn: syn, payload: p.payload) {
                    deliver($0, conn: conn, analysis: analysis, isOrig: false, context: &analysis.context)
                }
                if closing {
                    conn.resp.stream.flush { deliver($0, conn: conn, analysis: analysis, isOrig: false, context: &analysis.context) }
                    if case .active(let a) = analysis.state { endOfData(a, isOrig: false, conn: conn, context: analysis.context) }
                }
            }
        } else if p.proto == .udp, !p.payload.isEmpty {
            deliver(.data(p.payload), conn: conn, analysis: analysis, isOrig: isOrig, context: &analysis.context)
        } else if p.proto != .udp {
            analysis.state = .unidentified
        }
    }

    func deliver(_ chunk: StreamChunk, conn: Connection, analysis: FlowAnalysis, isOrig: Bool, context: inout FlowContext) {
        switch analysis.state {
        case .unidentified: return
        case .active(let a):
            switch chunk {
            case .data(let d): a.deliver(d, isOrig: isOrig, context: context)
            case .gap(let n): a.gap(length: n, isOrig: isOrig, context: context)
            }
            if context.partial.isMarked { recordPartialAnalysis(context.partial, conn: conn) }
        case .detecting(let misses):
            switch chunk {
            case .data(let d) where !d.isEmpty: detect(d, misses: misses, conn: conn, analysis: analysis, isOrig: isOrig, context: &context)
            case .data: return
            // What follows a gap does not continue the first bytes kept.
            case .gap: analysis.prefix?.close(isOrig: isOrig)
            }
        }
    }

    /// One side closed: what the analyzer finishes then may mark the side's analysis partial.
    private func endOfData(_ a: ProtocolAnalyzer, isOrig: Bool, conn: Connection, context: FlowContext) {
        a.endOfData(isOrig: isOrig, context: context)
        if context.partial.isMarked { recordPartialAnalysis(context.partial, conn: conn) }
    }

    /// Zeek's history letter for "connection analysis partial": `X` for the originator's side,
    /// `x` for the responder's, once each.
    func recordPartialAnalysis(_ partial: PartialAnalysis, conn: Connection) {
        let sides = partial.take()
        if sides.orig { conn.addHistory("X", isOrig: true) }
        if sides.resp { conn.addHistory("X", isOrig: false) }
    }

    /// Ends a connection: flushes its streams and analyzer, writes conn.log, teaches the
    /// inventory. `closedAt`: when it was taken out of the flow table (the time of a tunnel's
    /// CLOSE row when it carried one).
    func finish(_ c: Connection, closedAt: Timestamp) {
        guard !c.finished else { return }
        c.finished = true
        router.now = c.last
        let analysis = c.attachment.map { unsafeDowncast($0, to: FlowAnalysis.self) }
        if let analysis, case .detecting = analysis.state, var prefix = analysis.prefix {
            // The flow ended: the first bytes kept are all its sides sent.
            analysis.prefix = nil
            for side in [true, false] where prefix.isUndecided(isOrig: side) {
                if start(&prefix, side: side, conn: c, analysis: analysis, context: &analysis.context) != nil { break }
            }
        }
        if let analysis, case .active(let a) = analysis.state {
            analysis.context.ts = c.last
            c.orig.stream.flush { chunk in self.deliver(chunk, conn: c, analysis: analysis, isOrig: true, context: &analysis.context) }
            c.resp.stream.flush { chunk in self.deliver(chunk, conn: c, analysis: analysis, isOrig: false, context: &analysis.context) }
            a.finish(context: analysis.context)
            if analysis.context.partial.isMarked { recordPartialAnalysis(analysis.context.partial, conn: c) }
            for s in a.detectedServices { c.addService(s) }
            if let s = a.violatedService { c.removeService(s) }
        }
        c.attachment = nil
        let tcp = c.id.proto == .tcp
        router.emit(
            .connectionFinished(
                ConnectionSummary(
                    uidBits: c.uidBits, id: c.id, services: c.services, start: c.start, last: c.last,
                    orig: .init(
                        packets: c.orig.packets, ipBytes: c.orig.ipBytes, bytes: tcp ? c.orig.tcpSize : c.orig.payloadBytes, mac: c.orig.mac
                    ),
                    resp: .init(
                        packets: c.resp.packets, ipBytes: c.resp.ipBytes, bytes: tcp ? c.resp.tcpSize : c.resp.payloadBytes, mac: c.resp.mac
                    ),
                    state: c.connState, history: c.history, missedBytes: c.orig.stream.gapBytes + c.resp.stream.gapBytes,
                    tunnelParents: c.tunnelParents)))
        if c.id.proto == .udp {
            router.now = closedAt
            router.tunnels.carrierEnded(c.id, at: closedAt) { router.emit(.tunnel($0)) }
        }
    }

    /// When a connection taken out at `now` ended: when it timed out if it was idle that
    /// long, else now. A worker sweeps its flows only when it gets a packet, so a connection
    /// may be taken out well after it timed out; its tunnel's CLOSE row does not depend on it.
    private func closingTime(_ c: Connection, now: Timestamp) -> Timestamp {
        min(now, c.last.adding(seconds: flows.timeout(c.id.proto)))
    }

    /// End of input: every open connection is finished and logged.
    public func finish() {
        let end = max(inputEnd ?? lastTimestamp, lastTimestamp)
        router.tunnels.expire(now: end) { router.emit(.tunnel($0)) }
        for c in flows.drain() { finish(c, closedAt: closingTime(c, now: end)) }
        router.now = lastTimestamp
        shared.finish(sink: router, now: lastTimestamp)
        if writesCertificatesAtEnd { router.writeCertificates() }
        for s in router.subscribers { s.finish() }
    }

    /// Writes x509.log's rows for the certificates the run's workers have seen so far.
    func writeCertificates() { router.writeCertificates() }

    /// Hands the pipeline an event that no packet carried (a vulnerability match made from the
    /// merged inventory), stamped `ts`: it reaches the log writers, the rules that read their
    /// rows, and the registered subscribers, like any other event.
    public func publish(_ event: SensorEvent, at ts: Timestamp) {
        let before = router.now
        router.now = ts
        router.emit(event)
        router.now = before
    }

    /// Registers a consumer of this pipeline's events: it gets every event after the log
    /// writers and the inventory, in order, on the thread that calls `process`.
    public func subscribe(_ subscriber: EventSubscriber) {
        router.subscribers.append(subscriber)
    }
}
