import VigilCore
import VigilEvents

/// BACnet/IP (ASHRAE 135 Annex J) over UDP: BVLC, NPDU (clause 6) and APDU (clause 20).
/// Reports each APDU or network message's header as a `BACnetEvent`, and decodes discovery,
/// property and device-control services (BACnetAnalyzer+Services). Segmented confirmed
/// requests and complex ACKs are reassembled before their service data is decoded.
public final class BACnetAnalyzer: ProtocolAnalyzer {
    var messageCount = 0
    /// Open segmented messages by direction and invoke id, with the next expected sequence.
    var reassembly: [SegmentKey: (next: UInt8, bytes: [UInt8])] = [:]
    /// Confirmed requests since the last answer in this flow (see `countExchange`).
    var unansweredRequests = 0
    let limits: Limits
    /// The tags of the APDU being decoded (`BACnetTag.readAll`), kept between APDUs.
    var tagScratch: [BACnetTag] = []

    struct SegmentKey: Hashable {
        var isOrig: Bool, invokeID: UInt8, type: UInt8
    }

    /// Segmented messages followed at once per flow; more are dropped with a weird.
    static let maxOpenSegmentations = 16
    /// Tags decoded per APDU; a hostile APDU cannot make us build more.
    static let maxTags = 20_000

    public static let descriptor = AnalyzerDescriptor(
        service: "bacnet", transports: [.udp], serverPorts: [47808],
        confirms: { b, _, _ in looksLikeBVLC(b) }, make: { BACnetAnalyzer() })

    init(limits: Limits = .default) { self.limits = limits }

    /// BVLL type 0x81 (Annex J.2) and a known function, with either a length equal to the
    /// datagram's or an NPDU (version 1) where the function puts one.
    public static func looksLikeBVLC(_ b: UnsafeRawBufferPointer) -> Bool {
        guard b.count >= 4, b[0] == 0x81, b[1] <= 0x0C, ByteReader.u16(b, 2) >= 4 else { return false }
        if Int(ByteReader.u16(b, 2)) == b.count { return true }
        let npduAt = b[1] == 0x04 ? 10 : 4
        return [0x04, 0x09, 0x0A, 0x0B].contains(b[1]) && b.count > npduAt + 1 && b[npduAt] == 1
    }

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        guard data.count >= 4, data[0] == 0x81 else { return context.weird("bacnet_malformed_bvlc", source: "bacnet") }
        let function = data[1]
        let declared = Int(ByteReader.u16(data, 2))
        if declared != data.count {
            context.weird("bacnet_length_mismatch", "BVLC length \(declared), datagram \(data.count)", source: "bacnet")
        }
        // Some stacks send a BVLC length shorter than the datagram (bacnet_example.pcap's
        // ReinitializeDevice requests); the NPDU runs to the datagram's end, as ICSNPP and
        // tshark read it, so the whole datagram is decoded after the weird.
        let b = data
        messageCount += 1
        switch function {
        case 0x00:  // BVLC-Result: a 2-octet result code (J.2.1)
            emit(.bvlc(function: function, result: b.count >= 6 ? ByteReader.u16(b, 4) : 0), isOrig: isOrig, context: context)
        case 0x04:  // Forwarded-NPDU: the original source's B/IP address (6 octets), then the NPDU (J.2.5)
            guard b.count >= 10 else { return context.weird("bacnet_malformed_bvlc", "short Forwarded-NPDU", source: "bacnet") }
            npdu(UnsafeRawBufferPointer(rebasing: b[10...]), bvlc: function, isOrig: isOrig, context: context)
        case 0x09, 0x0A, 0x0B:
            npdu(UnsafeRawBufferPointer(rebasing: b[4...]), bvlc: function, isOrig: isOrig, context: context)
        default:  // BDT/FDT management and Secure-BVLL carry no NPDU
            if function > 0x0C {
                context.weird("bacnet_invalid_bvlc_function", Hex.zeek(UInt64(function), minimumWidth: 2), source: "bacnet")
            }
            emit(.bvlc(function: function, result: nil), isOrig: isOrig, context: context)
        }
    }

    public func gap(length: Int, isOrig: Bool, context: FlowContext) {}

    public func finish(context: FlowContext) {
        context.reportMessages(service: "bacnet", count: &messageCount)
        reassembly.removeAll()
    }

    /// NPDU (clause 6.2): version 1, control octet, optional destination and source
    /// specifiers, hop count, then either a network layer message or an APDU.
    func npdu(_ b: UnsafeRawBufferPointer, bvlc: UInt8, isOrig: Bool, context: FlowContext) {
        guard b.count >= 2 else { return context.weird("bacnet_malformed_npdu", "truncated", source: "bacnet") }
        guard b[0] == 1 else { return context.weird("bacnet_malformed_npdu", "version \(b[0])", source: "bacnet") }
        let control = b[1]
        var o = 2
        if control & 0x20 != 0 {  // DNET, DLEN, DADR
            guard o + 3 <= b.count else { return context.weird("bacnet_malformed_npdu", "truncated DNET", source: "bacnet") }
            o += 3 + Int(b[o + 2])
        }
        if control & 0x08 != 0 {  // SNET, SLEN, SADR
            guard o + 3 <= b.count else { return context.weird("bacnet_malformed_npdu", "truncated SNET", source: "bacnet") }
            o += 3 + Int(b[o + 2])
        }
        if control & 0x20 != 0 { o += 1 }  // hop count
        guard o < b.count else { return context.weird("bacnet_malformed_npdu", "no APDU", source: "bacnet") }
        if control & 0x80 != 0 {
            emit(.networkMessage(bvlcFunction: bvlc, type: b[o]), isOrig: isOrig, context: context)
            return
        }
        apdu(UnsafeRawBufferPointer(rebasing: b[o...]), bvlc: bvlc, isOrig: isOrig, context: context)
    }

    func apdu(_ b: UnsafeRawBufferPointer, bvlc: UInt8, isOrig: Bool, context: FlowContext) {
        guard let a = BACnetAPDU.parse(b) else { return context.weird("bacnet_malformed_apdu", "truncated header", source: "bacnet") }
        guard a.type <= 7 else { return context.weird("bacnet_invalid_apdu_type", "\(a.type)", source: "bacnet") }
        countExchange(a, context: context)
        let data = UnsafeRawBufferPointer(rebasing: b[a.dataStart...])
        // Read once: bacnet.log's result_code and the property/device-control rows share it.
        let errorCode = a.type == 5 ? Self.errorCode(data) : nil
        if let s = a.service,
            (a.type == 1 && Int(s) >= BACnetNames.unconfirmedServices.count)
                || (a.type != 1 && a.type != 4 && Int(s) >= BACnetNames.confirmedServices.count)
        {
            context.weird("bacnet_invalid_service", Hex.zeek(UInt64(s), minimumWidth: 2), source: "bacnet")
        }
        // A segmented message is logged once, at its first segment, and decoded when complete.
        if !a.segmented || a.sequence == 0 {
            emit(
                .apdu(
                    bvlcFunction: bvlc, type: a.type, service: a.service, invokeID: a.type == 1 ? nil : a.invokeID, errorCode: errorCode,
                    reason: a.reason),
                isOrig: isOrig, context: context)
        }
        if a.segmented {
            guard let whole = reassemble(a, data, isOrig: isOrig, context: context) else { return }
            whole.withUnsafeBytes { services(a, $0, errorCode: errorCode, isOrig: isOrig, context: context) }
        } else {
            services(a, data, errorCode: errorCode, isOrig: isOrig, context: context)
        }
    }

    /// Every confirmed request (clause 20.1.2; a segmented one once, at its first segment)
    /// expects an answer: SimpleACK, ComplexACK, SegmentACK, Error, Reject or Abort. A flow
    /// with `Limits.maxPendingTransactions` requests in a row and no answer is flooding a
    /// device, or polling one that is gone: `bacnet_request_flood`, once per run of requests.
    func countExchange(_ a: BACnetAPDU, context: FlowContext) {
        switch a.type {
        case 0:
            guard !a.segmented || a.sequence == 0 else { return }
            unansweredRequests += 1
            if unansweredRequests == limits.maxPendingTransactions {
                context.weird("bacnet_request_flood", "\(unansweredRequests) confirmed requests without an answer", source: "bacnet")
            }
        case 1: return  // unconfirmed services expect nothing
        default: unansweredRequests = 0
        }
    }

    /// Appends a segment (clause 5.2); returns the whole service data after the last one.
    func reassemble(_ a: BACnetAPDU, _ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) -> [UInt8]? {
        let key = SegmentKey(isOrig: isOrig, invokeID: a.invokeID ?? 0, type: a.type)
        var entry = reassembly[key] ?? (0, [])
        if a.sequence == 0 {
            if reassembly[key] == nil && reassembly.count >= Self.maxOpenSegmentations {
                context.weird("bacnet_too_many_segmented_messages", source: "bacnet")
                return nil
            }
            entry = (0, [])
        } else if a.sequence != entry.next || reassembly[key] == nil {
            context.weird("bacnet_segment_out_of_order", "invoke \(key.invokeID) sequence \(a.sequence)", source: "bacnet")
            reassembly[key] = nil
            return nil
        }
        guard entry.bytes.count + data.count <= limits.maxMessageBytes else {
            context.weird("bacnet_segmented_message_too_big", source: "bacnet")
            reassembly[key] = nil
            return nil
        }
        entry.bytes.append(contentsOf: data)
        entry.next = a.sequence &+ 1
        if a.moreFollows {
            reassembly[key] = entry
            return nil
        }
        reassembly[key] = nil
        return entry.bytes
    }

    /// The error code of an Error PDU: the second enumerated value (error class, error code;
    /// clause 21 BACnet-Error), wherever the service wraps it.
    static func errorCode(_ data: UnsafeRawBufferPointer) -> UInt32? {
        var o = 0
        var seen = 0
        while o < data.count, let (tag, next) = BACnetTag.read(data, at: o) {
            if !tag.isContext && tag.number == 9 && tag.kind == .data {
                seen += 1
                if seen == 2 { return tag.unsigned(data) }
            }
            o = next
        }
        return nil
    }

    func emit(_ message: consuming BACnetEventKind, isOrig: Bool, context: FlowContext) {
        context.sink.emit(.bacnet(BACnetEvent(ts: context.ts, flow: context.flow, isOrig: isOrig, message: message)))
    }
}
