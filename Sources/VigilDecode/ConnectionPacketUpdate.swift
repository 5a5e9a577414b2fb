import VigilCore

extension Connection {
    /// Accounts one packet to this connection: counters, history letters and the TCP endpoint
    /// state machine (a condensed form of Zeek's TCPSessionAdapter::UpdateStateMachine).
    public func record(_ p: DecodedPacket, isOrig: Bool, at ts: Timestamp) {
        // Zeek stops extending a TCP connection's duration once both sides have sent FIN, so the
        // final ACK does not count (TCPSessionAdapter::DeliverPacket).
        let bothClosed = id.proto == .tcp && orig.finSeen && resp.finSeen
        if ts > last && !bothClosed { last = ts }
        let payloadLength = p.payload.count + p.payloadMissing
        update(isOrig: isOrig) { e in
            e.packets += 1
            e.ipBytes += p.ipLength
            if e.mac == nil, let m = p.srcMAC, m.raw != 0 { e.mac = m }  // all-zero: loopback captures
        }
        switch id.proto {
        case .tcp: recordTCP(p, isOrig: isOrig, payloadLength: payloadLength)
        case .udp, .icmp, .icmp6:
            update(isOrig: isOrig) { $0.payloadBytes += payloadLength }
            addHistory("D", isOrig: isOrig)
        case .other:
            update(isOrig: isOrig) { $0.payloadBytes += payloadLength }
        }
    }

    @inline(__always) func update(isOrig: Bool, _ body: (inout EndpointStats) -> Void) {
        if isOrig { body(&orig) } else { body(&resp) }
    }

    private func recordTCP(_ p: DecodedPacket, isOrig: Bool, payloadLength: Int) {
        let f = p.tcpFlags
        let syn = f.contains(.syn)
        let ack = f.contains(.ack)
        let fin = f.contains(.fin)
        let rst = f.contains(.rst)
        if syn && (fin || rst) { addHistory("Q", isOrig: isOrig) }
        if syn { addHistory(ack ? "H" : "S", isOrig: isOrig) }
        if fin { addHistory("F", isOrig: isOrig) }
        if rst { addHistory("R", isOrig: isOrig) }
        if payloadLength > 0 { addHistory("D", isOrig: isOrig) } else if ack && !syn && !fin && !rst { addHistory("A", isOrig: isOrig) }

        var retransmitted = false
        var zeroWindow = false
        update(isOrig: isOrig) { e in
            if e.startSeq == nil { e.startSeq = syn ? p.seq &+ 1 : p.seq }
            // Zeek sizes an endpoint by its sequence span: the highest seq + len (+1 for FIN)
            // seen on any segment, minus the start, minus the FIN. Keep-alive probes and the
            // ACK after a FIN therefore count exactly as in Zeek.
            let begin = TCPStreamReassembler.distance(e.startSeq!, syn ? p.seq &+ 1 : p.seq)
            let dataEnd = begin + payloadLength
            if payloadLength > 0 && dataEnd <= e.highestEnd {
                e.retransmissions += 1
                retransmitted = true
            }
            let end = dataEnd + (fin ? 1 : 0)
            if end > e.highestEnd && end - e.highestEnd < EndpointStats.maxSequenceJump { e.highestEnd = end }
            if fin { e.finSeen = true }
            if p.window == 0 && !syn && !rst && !fin {
                e.zeroWindows += 1
                zeroWindow = true
            }
        }
        if retransmitted { addScaledHistory("T", isOrig: isOrig, count: isOrig ? orig.retransmissions : resp.retransmissions) }
        if zeroWindow { addScaledHistory("W", isOrig: isOrig, count: isOrig ? orig.zeroWindows : resp.zeroWindows) }
        advanceState(isOrig: isOrig, syn: syn, ack: ack, fin: fin, rst: rst, payload: payloadLength > 0)
    }

    private func advanceState(isOrig: Bool, syn: Bool, ack: Bool, fin: Bool, rst: Bool, payload: Bool) {
        var me = isOrig ? orig.tcpState : resp.tcpState
        var peer = isOrig ? resp.tcpState : orig.tcpState
        var meResetAfterFIN = isOrig ? orig.resetAfterFIN : resp.resetAfterFIN
        var peerResetAfterFIN = isOrig ? resp.resetAfterFIN : orig.resetAfterFIN
        if me == .reset {
            // A side that reset changes no more (Zeek's UpdateResetState).
        } else if rst {
            // After both sides' FINs a RST changes nothing: the connection had already ended
            // normally (Zeek's UpdateClosedState).
            if !(me == .closed && peer == .closed) {
                meResetAfterFIN = me == .closed
                me = .reset
            }
        } else if syn {
            if ack {
                if me == .inactive || me == .synSent { me = .established }
                if peer == .synSent { peer = .established }
                if me != .established { me = .synAckSent }
            } else if me == .inactive {
                me = .synSent
            }
            if fin { me = .closed }
        } else {
            switch me {
            case .inactive: me = (peer == .synAckSent && ack) ? .established : .partial
            case .synSent, .synAckSent: me = .established
            default: break
            }
            if peer == .synAckSent && ack { peer = .established }
            if fin {
                // A peer that sent FIN then RST, answered now by this side's FIN, ended the
                // connection normally (Zeek's UpdateEstablishedState).
                if me != .closed && peer == .reset && peerResetAfterFIN {
                    peer = .closed
                    peerResetAfterFIN = false
                }
                me = .closed
            }
        }
        if isOrig {
            (orig.tcpState, orig.resetAfterFIN) = (me, meResetAfterFIN)
            (resp.tcpState, resp.resetAfterFIN) = (peer, peerResetAfterFIN)
        } else {
            (resp.tcpState, resp.resetAfterFIN) = (me, meResetAfterFIN)
            (orig.tcpState, orig.resetAfterFIN) = (peer, peerResetAfterFIN)
        }
    }
}
