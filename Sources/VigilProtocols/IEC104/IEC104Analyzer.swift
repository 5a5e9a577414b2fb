import VigilCore
import VigilEvents

/// IEC 60870-5-104 over TCP: APCI framing (I, S, U formats) and ASDUs with their type,
/// cause, common address and information objects. Content-detected (start octet 0x68 with
/// a consistent length and a U, S or well-formed I frame), so any port works.
public final class IEC104Analyzer: ProtocolAnalyzer {
    var messageCount = 0
    var buffers: [StreamBuffer]
    /// Next expected N(S) per direction: a jump means I-frames were lost or injected.
    var expectedSend: [UInt16?] = [nil, nil]
    /// Per side, the N(S) up to which its I-frames are acknowledged: the other side's latest
    /// N(R), or the first N(S) seen before any acknowledgement.
    var acknowledged: [UInt16?] = [nil, nil]
    /// Sides already reported with `iec104_window_exceeded` (bit 0 orig, bit 1 resp).
    var reportedWindow: UInt8 = 0
    /// k, the most I-frames a station may send unacknowledged: 12 unless the link was
    /// configured otherwise (IEC 60870-5-104 §5.5, Table 1 default).
    static let defaultWindow = 12
    /// Roles already reported for this flow, one bit per (side, role): one event each rather
    /// than one per ASDU.
    var reportedRoles: UInt8 = 0

    public static let descriptor = AnalyzerDescriptor(
        service: "iec104", transports: [.tcp], serverPorts: [2404],
        confirms: { b, _, _ in looksLikeIEC104(b) }, make: { IEC104Analyzer() })

    init(limits: Limits = .default) {
        buffers = [StreamBuffer(limit: limits.maxMessageBytes), StreamBuffer(limit: limits.maxMessageBytes)]
    }

    /// The first frame must be whole-looking: 0x68, a length of 4 for S/U frames (a known U
    /// function) or 10..253 for I frames with a defined type id.
    public static func looksLikeIEC104(_ b: UnsafeRawBufferPointer) -> Bool {
        guard b.count >= 6, b[0] == 0x68, b[1] >= 4, Int(b[1]) <= IEC104APDU.maxLength else { return false }
        let c1 = b[2]
        if c1 & 0x03 == 0x03 { return b[1] == 4 && IEC104Names.uFunction(c1) != nil }
        if c1 & 0x03 == 0x01 { return b[1] == 4 }
        return b[1] >= 10 && b.count >= 7 && IEC104Names.types[b[6]] != nil
    }

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        let fits = buffers[isOrig ? 0 : 1].feed(data) { frame($0, isOrig: isOrig, context: context) }
        if !fits { context.weird("iec104_message_too_big", source: "iec104") }
    }

    public func gap(length: Int, isOrig: Bool, context: FlowContext) {
        buffers[isOrig ? 0 : 1].reset()
        expectedSend[isOrig ? 0 : 1] = nil
        acknowledged = [nil, nil]
        context.weird("iec104_content_gap", "\(length) bytes", source: "iec104")
    }

    public func finish(context: FlowContext) {
        context.reportMessages(service: "iec104", count: &messageCount)
    }

    /// One APDU at the start of `b`: bytes consumed, 0 for more, nil to stop following.
    func frame(_ b: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) -> Int? {
        guard b.count >= 2 else { return 0 }
        guard b[0] == 0x68 else {
            context.weird("iec104_invalid_start", Hex.zeek(UInt64(b[0]), minimumWidth: 2), source: "iec104")
            return nil
        }
        let length = Int(b[1])
        guard length >= 4 else {
            context.weird("iec104_invalid_length", "\(length)", source: "iec104")
            return nil
        }
        guard b.count >= 2 + length else { return 0 }
        guard let apdu = IEC104APDU.parse(UnsafeRawBufferPointer(rebasing: b[0..<(2 + length)])) else {
            context.weird("iec104_malformed_apdu", source: "iec104")
            return 2 + length
        }
        messageCount += 1
        record(apdu, isOrig: isOrig, context: context)
        return 2 + length
    }

    func record(_ apdu: IEC104APDU, isOrig: Bool, context: FlowContext) {
        let side = isOrig ? 0 : 1
        if apdu.format == .u && apdu.uFunction == nil {
            context.weird("iec104_invalid_u_function", source: "iec104")
        }
        if apdu.format != .i && apdu.length != 4 {
            context.weird("iec104_length_mismatch", "\(apdu.format.rawValue)-format length \(apdu.length)", source: "iec104")
        }
        if let ns = apdu.sendSequence {
            if let want = expectedSend[side], want != ns {
                context.weird("iec104_sequence_gap", "N(S) \(ns), expected \(want)", source: "iec104")
            }
            expectedSend[side] = (ns &+ 1) & 0x7FFF
            checkWindow(sent: ns, side: side, context: context)
        }
        if let nr = apdu.receiveSequence { acknowledged[1 - side] = nr }
        var dataUnit: IEC104APDUEvent.DataUnit?
        if let a = apdu.asdu {
            let type = IEC104Names.types[a.typeID]
            if type == nil { context.weird("iec104_invalid_type_id", "\(a.typeID)", source: "iec104") }
            let cause = IEC104Names.cause(a.cause)
            if cause == nil { context.weird("iec104_invalid_cause", "\(a.cause)", source: "iec104") }
            if a.truncated { context.weird("iec104_truncated_asdu", type?.name ?? "\(a.typeID)", source: "iec104") }
            dataUnit = IEC104APDUEvent.DataUnit(
                typeID: a.typeID, typeName: type?.name ?? "\(a.typeID)", sequence: a.sequence, count: a.count, cause: a.cause,
                causeName: cause ?? "\(a.cause)", negative: a.negative, test: a.test, originator: a.originator,
                commonAddress: a.commonAddress, objects: a.objects)
            roles(a, isOrig: isOrig, context: context)
        } else if apdu.format == .i {
            context.weird("iec104_truncated_asdu", "no data unit identifier", source: "iec104")
        }
        context.sink.emit(
            .iec104(
                IEC104APDUEvent(
                    ts: context.ts, flow: context.flow, isOrig: isOrig, length: apdu.length, format: apdu.format.rawValue,
                    sendSequence: apdu.sendSequence, receiveSequence: apdu.receiveSequence, uFunction: apdu.uFunction,
                    dataUnit: dataUnit)))
    }

    /// A station must stop sending once k I-frames are unacknowledged (§5.5). More than that
    /// in flight means a sender ignoring flow control (a flood, or a peer that stopped
    /// acknowledging): `iec104_window_exceeded`, once per side and flow.
    func checkWindow(sent ns: UInt16, side: Int, context: FlowContext) {
        let base = acknowledged[side] ?? ns
        acknowledged[side] = base
        let outstanding = Int((ns &+ 1 &- base) & 0x7FFF)
        let bit: UInt8 = 1 << side
        // Past half the sequence space the acknowledgement is ahead of what we saw sent
        // (frames missing from the capture), not behind it.
        guard outstanding > Self.defaultWindow, outstanding < 0x4000, reportedWindow & bit == 0 else { return }
        reportedWindow |= bit
        context.weird(
            "iec104_window_exceeded", "\(outstanding) I-frames unacknowledged (k = \(Self.defaultWindow))", source: "iec104")
    }

    /// Type ids 1-44 travel in monitor direction (from the controlled station), 45 and up
    /// in control direction (IEC 60870-5-101 clause 7.2.1.1).
    func roles(_ a: IEC104ASDU, isOrig: Bool, context: FlowContext) {
        let monitor = a.typeID < 45 || a.typeID == 70
        let request = a.cause == 6 || a.cause == 8 || a.cause == 5
        func report(origSide: Bool, controlling: Bool) {
            let bit: UInt8 = 1 << ((origSide ? 2 : 0) + (controlling ? 1 : 0))
            guard reportedRoles & bit == 0 else { return }
            reportedRoles |= bit
            let role = controlling ? "iec104_controlling_station" : "iec104_controlled_station"
            context.sink.emit(.role(host: context.host(isOrig: origSide), role: role))
        }
        if monitor || !request {
            report(origSide: isOrig, controlling: false)
        } else {
            report(origSide: isOrig, controlling: true)
            report(origSide: !isOrig, controlling: false)
        }
    }
}
