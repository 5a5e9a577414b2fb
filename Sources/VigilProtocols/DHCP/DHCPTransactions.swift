import VigilCore
import VigilEvents

/// Groups DHCP messages into exchanges by transaction id across flows, as Zeek's dhcp.log
/// does (one row per exchange, with every connection uid involved).
public final class DHCPTransactions {
    var open: [UInt32: DHCPExchangeEvent] = [:]
    /// Exchanges tracked at once; beyond this the oldest are logged early (bounds memory under
    /// a DHCP starvation attack, which sends thousands of DISCOVERs).
    public static let maxOpen = 4096
    /// Exchanges logged at once when `maxOpen` is reached, the oldest first. Finding them
    /// reads every open exchange, so a starvation flood pays for that once per batch: one at a
    /// time, 50,000 DISCOVERs with new transaction ids took 4.8 s.
    static let evictionBatch = maxOpen / 16
    /// Connections and message types kept for one exchange. A real exchange has a handful; a
    /// flood repeating one transaction id from ever new ports grew both without end (50,000
    /// DISCOVERs took 94 s, each one searching and copying every uid before it).
    static let maxListed = 64

    func add(_ m: DHCPMessage, context: FlowContext, srcHost: IPAddress, srcPort: UInt16, dstHost: IPAddress, dstPort: UInt16) {
        if open[m.xid] == nil && open.count >= DHCPTransactions.maxOpen {
            let oldest = open.sorted { ($0.value.ts, $0.key) < ($1.value.ts, $1.key) }.prefix(Self.evictionBatch)
            for (xid, e) in oldest {
                open[xid] = nil
                log(e, sink: context.sink)
            }
        }
        // Taken out of the table while it changes, so that appending to its lists does not
        // copy them (the table would still hold them).
        var e = open.removeValue(forKey: m.xid) ?? DHCPExchangeEvent(ts: context.ts)
        e.last = context.ts
        if e.uids.count < Self.maxListed && !e.uids.contains(context.uid) { e.uids.append(context.uid) }
        let type = m.messageType.map { DHCPMessage.messageTypes[$0] ?? "UNKNOWN_\($0)" } ?? "BOOTP"
        if e.types.count < Self.maxListed { e.types.append(type) }
        if m.op == 1 {
            e.mac = e.mac ?? m.clientMAC
            e.hostName = m.hostName ?? e.hostName
            e.clientFQDN = m.clientFQDN ?? e.clientFQDN
            e.requested = m.requestedAddress ?? e.requested
            e.vendorClass = m.vendorClass ?? e.vendorClass
            if !m.parameterRequests.isEmpty { e.parameters = m.parameterRequests }
            e.clientMessage = m.message ?? e.clientMessage
            if !m.clientAddress.isUnspecified { e.clientAddr = m.clientAddress }
            e.clientPort = srcPort
            e.serverPort = e.serverPort ?? dstPort
        } else {
            e.serverAddr = m.serverID ?? srcHost
            e.serverPort = srcPort
            e.clientPort = e.clientPort ?? dstPort
            e.domain = m.domain ?? e.domain
            e.serverMessage = m.message ?? e.serverMessage
            e.lease = m.leaseSeconds ?? e.lease
            e.mac = e.mac ?? m.clientMAC
            if m.messageType == 5 && !m.yourAddress.isUnspecified { e.assigned = m.yourAddress }
            if m.messageType == 5 && !m.clientAddress.isUnspecified && e.assigned == nil { e.assigned = m.clientAddress }
            context.sink.emit(.role(host: e.serverAddr!, role: "dhcp_server"))
        }
        open[m.xid] = e
        if let mac = e.mac, let ip = e.assigned ?? e.clientAddr {
            context.sink.emit(.binding(mac: mac, host: ip, evidence: "dhcp"))
            if let h = e.hostName { context.sink.emit(.hostname(host: ip, name: h, evidence: "dhcp host name")) }
            if let v = e.vendorClass {
                context.sink.emit(.identity(host: ip, field: .product, value: v, evidence: "dhcp vendor class (option 60)"))
            }
        }
        // ACK, NAK, RELEASE and DECLINE end an exchange (RFC 2131 §3.1, §3.4; an INFORM is
        // ended by the ACK that answers it).
        if [5, 6, 7, 4].contains(m.messageType ?? 0) {
            open[m.xid] = nil
            log(e, sink: context.sink)
        }
    }

    func flushAll(sink: EventSink) {
        for e in open.values.sorted(by: { $0.ts < $1.ts }) { log(e, sink: sink) }
        open.removeAll()
    }

    func log(_ e: DHCPExchangeEvent, sink: EventSink) { sink.emit(.dhcp(e)) }
}
