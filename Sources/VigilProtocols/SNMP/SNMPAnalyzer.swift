import VigilCore
import VigilEvents

/// SNMP over UDP (RFC 1157, RFC 3416; v3 by its header, RFC 3412): one snmp.log row per
/// connection, as Zeek writes it, and what agents say of themselves in their answers: the
/// system group (sysDescr, sysName) and the ENTITY-MIB's physical entities (maker, model,
/// serial number, firmware and software revisions; RFC 6933).
public final class SNMPAnalyzer: ProtocolAnalyzer {
    var session: SNMPSessionEvent?
    var messageCount = 0
    /// Roles already reported for this flow's two sides (agent, manager).
    var reported: Set<String> = []

    public static let descriptor = AnalyzerDescriptor(
        service: "snmp", transports: [.udp], serverPorts: [161, 162],
        confirms: { b, _, _ in SNMPMessage.parse(b) != nil }, make: { SNMPAnalyzer() })

    /// The system group's description and name, and ENTITY-MIB columns by the identity field
    /// they give (any entity index: the first answered wins in the inventory).
    static let sysDescr = "1.3.6.1.2.1.1.1.0"
    static let sysUpTime = "1.3.6.1.2.1.1.3.0"
    static let sysName = "1.3.6.1.2.1.1.5.0"
    static let entityColumns: [(prefix: String, field: IdentityField, name: String)] = [
        ("1.3.6.1.2.1.47.1.1.1.1.12.", .vendor, "entPhysicalMfgName"),
        ("1.3.6.1.2.1.47.1.1.1.1.13.", .model, "entPhysicalModelName"),
        ("1.3.6.1.2.1.47.1.1.1.1.11.", .serial, "entPhysicalSerialNum"),
        ("1.3.6.1.2.1.47.1.1.1.1.9.", .firmware, "entPhysicalFirmwareRev"),
        ("1.3.6.1.2.1.47.1.1.1.1.10.", .software, "entPhysicalSoftwareRev"),
    ]

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        guard let m = SNMPMessage.parse(data) else { return context.weird("snmp_malformed", "\(data.count) bytes", source: "snmp") }
        messageCount += 1
        var s = session ?? SNMPSessionEvent(ts: context.ts, flow: context.flow, version: Self.versionName(m.version))
        s.last = context.ts
        if s.community == nil { s.community = m.community }
        let n = m.bindings.count
        switch m.pduTag {
        case SNMPMessage.getRequest, SNMPMessage.getNextRequest: s.getRequests += n
        case SNMPMessage.getBulkRequest: s.getBulkRequests += n
        case SNMPMessage.setRequest: s.setRequests += n
        case SNMPMessage.response:
            s.getResponses += n
            answered(m, isOrig: isOrig, into: &s, context: context)
        default: break
        }
        session = s
        if let tag = m.pduTag {
            // Requests come from a manager; responses and traps from an agent.
            let agent = tag == SNMPMessage.response || tag == SNMPMessage.trapV1 || tag == 0xA7
            role(agent ? "snmp_agent" : "snmp_manager", host: context.host(isOrig: isOrig), context: context)
        }
    }

    /// What a Response says of the agent that sent it.
    func answered(_ m: SNMPMessage, isOrig: Bool, into s: inout SNMPSessionEvent, context: FlowContext) {
        let host = context.host(isOrig: isOrig)
        func emit(_ field: IdentityField, _ octets: [UInt8]?, _ name: String) {
            guard let octets else { return }
            let text = BytesText.text(octets).trimmingCharacters(in: " ")
            guard !text.isEmpty else { return }
            context.sink.emit(.identity(host: host, field: field, value: text, evidence: "snmp \(name)"))
        }
        for (oid, value) in m.bindings {
            switch oid {
            case Self.sysDescr:
                if let o = value.octets { s.displayString = BytesText.text(o) }
                emit(.product, value.octets, "sysDescr")
            case Self.sysName: emit(.name, value.octets, "sysName")
            case Self.sysUpTime:
                if case .unsigned(let ticks) = value, ticks < UInt64(Int64.max / 10_000_000) {
                    s.upSince = Timestamp(nanoseconds: context.ts.nanoseconds - Int64(ticks) * 10_000_000)
                }
            default:
                if let c = Self.entityColumns.first(where: { oid.hasPrefix($0.prefix) }) { emit(c.field, value.octets, c.name) }
            }
        }
    }

    func role(_ role: String, host: IPAddress, context: FlowContext) {
        guard reported.insert("\(host) \(role)").inserted else { return }
        context.sink.emit(.role(host: host, role: role))
    }

    /// Zeek's SNMP::version_map.
    static func versionName(_ v: Int64) -> String {
        switch v {
        case 0: "1"
        case 1: "2c"
        case 3: "3"
        default: "unknown"
        }
    }

    public func finish(context: FlowContext) {
        if let session { context.sink.emit(.snmp(session)) }
        session = nil
        context.reportMessages(service: "snmp", count: &messageCount)
    }
}
