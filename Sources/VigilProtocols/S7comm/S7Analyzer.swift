import VigilCore
import VigilEvents

/// Per-flow ISO-on-TCP state (TPKT/COTP) with S7comm and S7comm-plus on top: reports every
/// COTP PDU and S7 message as an `S7Event`, decodes SZL responses into device identity, and
/// names S7comm-plus sessions (S7-1200/1500) in conn.log's service.
public final class S7Analyzer: ProtocolAnalyzer {
    var messageCount = 0
    var plusMessageCount = 0
    var buffers: [StreamBuffer]
    /// COTP DT units of a TSDU not yet ended (EOT clear), per direction.
    var tsdu: [[UInt8]] = [[], []]
    /// Fragmented user-data responses, by data unit reference.
    var fragments: [UInt8: [UInt8]] = [:]
    /// Fragmented responses open at once: a PLC answers one SZL read at a time, so 16 is
    /// generous, and bounds what a peer that never sends the last unit can make Vigil hold.
    static let maxOpenFragments = 16
    var identity = S7Identity()
    /// Read Var and Write Var jobs not yet answered, by PDU reference: an answer names its
    /// items' results but not their addresses.
    var jobs: [UInt16: [S7VariableItem]] = [:]
    /// Jobs waiting at once: a client has a few outstanding (the PDU size negotiated caps them
    /// at a handful), so 64 is generous, and bounds what a client never answered makes Vigil hold.
    static let maxOpenJobs = 64
    var loggedIdentity: S7Identity?
    var services: [String] = []
    var rolesSent = false

    public static let descriptor = AnalyzerDescriptor(
        service: "cotp", transports: [.tcp], serverPorts: [COTPParser.isoTSAPPort],
        confirms: { b, _, id in
            COTPParser.looksLikeS7(b, onISOPort: id.respPort == COTPParser.isoTSAPPort || id.origPort == COTPParser.isoTSAPPort)
        },
        make: { S7Analyzer() })

    init(limits: Limits = .default) {
        buffers = [StreamBuffer(limit: limits.maxMessageBytes), StreamBuffer(limit: limits.maxMessageBytes)]
    }

    public var detectedServices: [String] { services }

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        let side = isOrig ? 0 : 1
        let fits = buffers[side].feed(data) { b in
            switch COTPParser.parse(b) {
            case .needMore: return 0
            case .invalid(let name):
                context.weird(name, source: "s7comm")
                return nil
            case .pdu(let pdu, let consumed):
                cotp(pdu, isOrig: isOrig, context: context)
                return consumed
            }
        }
        if !fits { context.weird("s7comm_message_too_big", source: "s7comm") }
    }

    public func gap(length: Int, isOrig: Bool, context: FlowContext) {
        let side = isOrig ? 0 : 1
        buffers[side].reset()
        tsdu[side].removeAll()
        context.weird("s7comm_content_gap", "\(length) bytes", source: "s7comm")
    }

    public func finish(context: FlowContext) {
        context.reportMessages(service: "s7comm", count: &messageCount)
        if plusMessageCount > 0 {
            context.sink.emit(.messages(service: "s7comm-plus", count: plusMessageCount))
            plusMessageCount = 0
        }
    }

    func emit(_ message: consuming S7EventKind, isOrig: Bool, context: FlowContext) {
        context.sink.emit(.s7(S7Event(ts: context.ts, flow: context.flow, isOrig: isOrig, message: message)))
    }

    func cotp(_ pdu: COTPPDU, isOrig: Bool, context: FlowContext) {
        emit(.cotp(pduType: pdu.type), isOrig: isOrig, context: context)
        guard pdu.type == 0xF else { return }
        let side = isOrig ? 0 : 1
        tsdu[side] += pdu.payload
        guard pdu.endOfTSDU else { return }
        let unit = tsdu[side]
        tsdu[side].removeAll(keepingCapacity: true)
        guard let first = unit.first else { return }
        if !rolesSent {
            rolesSent = true
            context.sink.emit(.role(host: context.id.origHost, role: "s7_client"))
            context.sink.emit(.role(host: context.id.respHost, role: "plc"))
            context.sink.emit(
                .identity(host: context.id.respHost, field: .vendor, value: "Siemens", evidence: "s7comm (Siemens-only protocol)"))
        }
        switch first {
        case 0x32:
            addService("s7comm")
            messageCount += 1
            switch unit.withUnsafeBytes({ S7CommParser.parse($0) }) {
            case .success(let m): s7(m, isOrig: isOrig, context: context)
            case .failure(.truncated(let detail)): context.weird("s7comm_malformed", detail, source: "s7comm")
            }
        case 0x72:
            addService("s7comm-plus")
            plusMessageCount += 1
            plus(unit, isOrig: isOrig, context: context)
        default:
            context.weird("cotp_unknown_payload", Hex.prefixed(UInt64(first), width: 2), source: "s7comm")
        }
    }

    func addService(_ s: String) { if !services.contains(s) { services.append(s) } }

    func s7(_ m: S7Message, isOrig: Bool, context: FlowContext) {
        if m.function == nil, m.rosctr != 2 && m.rosctr != 7 {
            context.weird("s7comm_missing_function", source: "s7comm")
        }
        if let f = m.function, m.rosctr != 7, S7Names.functions[f] == nil {
            context.weird("s7comm_invalid_function", Hex.zeek(UInt64(f), minimumWidth: 2), source: "s7comm")
        }
        emit(
            .s7comm(
                rosctr: m.rosctr, pduReference: m.pduReference, function: m.function, subfunction: m.subfunction,
                plcControlService: m.plcControlService, errorClass: m.errorClass, errorCode: m.errorCode),
            isOrig: isOrig, context: context)
        if let u = m.userData, u.group == 4, m.subfunction == 1 { readSZL(m, u, isOrig: isOrig, context: context) }
        if let items = m.variables, let f = m.function {
            emit(
                .variables(rosctr: m.rosctr, pduReference: m.pduReference, function: f, items: withJobAddresses(m, items)), isOrig: isOrig,
                context: context)
        }
        if let problem = m.variablesProblem { context.weird("s7comm_malformed", problem, source: "s7comm") }
        if let t = m.transfer, let f = m.function {
            emit(
                .blockTransfer(
                    rosctr: m.rosctr, pduReference: m.pduReference, function: f, status: t.status, sessionID: t.sessionID,
                    blockLength: t.blockLength, filename: t.filename),
                isOrig: isOrig, context: context)
        }
    }

    /// A job's items, kept until answered; an answer's items with the addresses of the job it
    /// answers (by PDU reference, item for item), when that job was seen.
    func withJobAddresses(_ m: S7Message, _ items: [S7VariableItem]) -> [S7VariableItem] {
        if m.rosctr == 1 {
            if jobs.count >= Self.maxOpenJobs { jobs.removeAll() }
            jobs[m.pduReference] = items
            return items
        }
        guard let job = jobs.removeValue(forKey: m.pduReference), job.count == items.count else { return items }
        return zip(job, items).map { asked, answer in
            var item = asked
            item.returnCode = answer.returnCode
            item.data = answer.data
            return item
        }
    }

    func readSZL(_ m: S7Message, _ u: S7Message.UserData, isOrig: Bool, context: FlowContext) {
        let payload = u.payload
        // A response split over several PDUs: the first carries the SZL header, the rest
        // continue its records; all share the data unit reference (last data unit 0 ends it).
        if u.method == 0x12, u.dataUnitReference != 0 {
            if var f = fragments[u.dataUnitReference], payload.count + f.count <= context.limits.maxMessageBytes {
                f += payload
                fragments[u.dataUnitReference] = u.lastDataUnit != 0 ? f : nil
                if u.lastDataUnit == 0, let decoded = S7Identity.decode(f) {
                    learn(decoded.identity, isOrig: isOrig, context: context)
                }
                return
            }
            if u.lastDataUnit != 0, payload.count >= 4, fragments.count < Self.maxOpenFragments {
                fragments[u.dataUnitReference] = payload
            }
        }
        guard payload.count >= 4, let decoded = S7Identity.decode(payload) else { return }
        emit(
            .readSZL(
                pduReference: m.pduReference, method: u.method, szlID: decoded.id, szlIndex: decoded.index,
                returnCode: u.returnCode),
            isOrig: isOrig, context: context)
        if u.method == 0x12, u.lastDataUnit == 0 { learn(decoded.identity, isOrig: isOrig, context: context) }
    }

    /// Merges what one SZL list revealed, reports each identity field, and logs the device
    /// once its component identification (0x001C) is known.
    func learn(_ found: S7Identity?, isOrig: Bool, context: FlowContext) {
        guard let found else { return }
        let plc = context.host(isOrig: isOrig)
        func report(_ v: String?, _ field: IdentityField, _ evidence: String) {
            guard let v, !v.isEmpty else { return }
            context.sink.emit(.identity(host: plc, field: field, value: v, evidence: "s7comm SZL " + evidence))
        }
        report(found.orderNumber, .product, "0x0011 index 1 (order number)")
        report(found.firmware, .firmware, "0x0011 index 7 (firmware)")
        report(found.moduleTypeName, .model, "0x001C index 7 (module type name)")
        report(found.serial, .serial, "0x001C index 5 (serial number)")
        if let n = found.automationSystemName, !n.isEmpty {
            context.sink.emit(.hostname(host: plc, name: n, evidence: "s7comm SZL 0x001C index 1 (automation system name)"))
        }
        identity.merge(found)
        // One row per device state: when component identification (0x001C) is known, and
        // again only if a later list changes what is known.
        guard identity.moduleName != nil || identity.automationSystemName != nil, identity != loggedIdentity else { return }
        loggedIdentity = identity
        emit(.device(identity), isOrig: isOrig, context: context)
    }

    /// S7comm-plus: 0x72, version, length u16, (version 3: digest length u8 + digest), opcode,
    /// then for requests and responses 2 reserved bytes and the function u16.
    func plus(_ unit: [UInt8], isOrig: Bool, context: FlowContext) {
        unit.withUnsafeBytes { b in
            var c = ByteCursor(b)
            guard c.skip(1), let version = c.u8(), c.skip(2) else { return }
            if version == 3 {
                guard let n = c.u8(), c.skip(Int(n)) else { return context.weird("s7comm_plus_truncated", source: "s7comm") }
            }
            guard let opcode = c.u8() else { return context.weird("s7comm_plus_truncated", source: "s7comm") }
            var function: UInt16?
            if opcode == 0x31 || opcode == 0x32, c.skip(2), let f = c.u16() { function = f }
            emit(.s7commPlus(version: version, opcode: opcode, function: function), isOrig: isOrig, context: context)
        }
    }
}
