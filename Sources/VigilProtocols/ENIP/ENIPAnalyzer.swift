import VigilCore
import VigilEvents

/// EtherNet/IP encapsulation over TCP and UDP 44818, and CIP class 0/1 I/O over UDP 2222:
/// reports every encapsulation header, every CIP message (Multiple Service Packets unpacked),
/// and I/O packet as an `ENIPEvent`, and ListIdentity replies as device identity too.
public final class ENIPAnalyzer: ProtocolAnalyzer {
    var messageCount = 0
    var buffers: [StreamBuffer]
    let ioOnly: Bool
    /// An Identity object read waiting for its reply: CIP explicit messages over one session
    /// are answered in order, one at a time for unconnected requests (Vol. 2 §2-4.7).
    var pendingIdentityRead: CIPIdentityRead?

    /// Encapsulation header (Vol. 2 §2-3): command u16, length u16, session u32, status u32,
    /// sender context 8 bytes, options u32, all little-endian; `length` bytes of data follow.
    static let headerBytes = 24

    public static let tcpDescriptor = AnalyzerDescriptor(
        service: "enip", transports: [.tcp], serverPorts: [44818],
        confirms: { b, _, _ in looksLikeENIP(b) }, make: { ENIPAnalyzer(ioOnly: false) })

    public static let udpDescriptor = AnalyzerDescriptor(
        service: "enip", transports: [.udp], serverPorts: [44818],
        confirms: { b, _, _ in looksLikeENIP(b) }, make: { ENIPAnalyzer(ioOnly: false) })

    /// Implicit (I/O) messaging has no encapsulation header: recognised on port 2222 by a
    /// well-formed common packet format with a sequenced address item.
    public static let ioDescriptor = AnalyzerDescriptor(
        service: "cip", transports: [.udp], serverPorts: [2222],
        confirms: { b, _, id in (id.respPort == 2222 || id.origPort == 2222) && ioItems(b) != nil },
        make: { ENIPAnalyzer(ioOnly: true) })

    init(ioOnly: Bool, limits: Limits = .default) {
        self.ioOnly = ioOnly
        buffers = [StreamBuffer(limit: limits.maxMessageBytes), StreamBuffer(limit: limits.maxMessageBytes)]
    }

    static let knownCommands: Set<UInt16> = [0x00, 0x04, 0x63, 0x64, 0x65, 0x66, 0x6F, 0x70, 0x72, 0x73]

    public static func looksLikeENIP(_ b: UnsafeRawBufferPointer) -> Bool {
        guard b.count >= headerBytes, knownCommands.contains(ByteReader.u16le(b, 0)) else { return false }
        return headerBytes + Int(ByteReader.u16le(b, 2)) >= b.count || b.count > 512
    }

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        if ioOnly {
            io(data, isOrig: isOrig, context: context)
            return
        }
        if context.id.proto == .udp {
            var o = 0
            while o < data.count, let n = encapsulation(UnsafeRawBufferPointer(rebasing: data[o...]), isOrig: isOrig, context: context),
                n > 0
            {
                o += n
            }
            return
        }
        let fits = buffers[isOrig ? 0 : 1].feed(data) { encapsulation($0, isOrig: isOrig, context: context) }
        if !fits { context.weird("enip_message_too_big", source: "enip") }
    }

    public func gap(length: Int, isOrig: Bool, context: FlowContext) {
        buffers[isOrig ? 0 : 1].reset()
        context.weird("enip_content_gap", "\(length) bytes", source: "enip")
    }

    public func finish(context: FlowContext) {
        context.reportMessages(service: ioOnly ? "cip_io" : "enip", count: &messageCount)
    }

    /// One encapsulation message at the start of `b`: bytes consumed, 0 for more, nil to stop.
    func encapsulation(_ b: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) -> Int? {
        guard b.count >= Self.headerBytes else { return 0 }
        let command = ByteReader.u16le(b, 0)
        let length = Int(ByteReader.u16le(b, 2))
        guard b.count >= Self.headerBytes + length else { return 0 }
        messageCount += 1
        if !Self.knownCommands.contains(command) {
            context.weird("enip_invalid_command", Hex.zeek(UInt64(command), minimumWidth: 2), source: "enip")
        }
        let status = ByteReader.u32le(b, 8)
        emit(
            .encapsulation(
                command: command, length: length, sessionHandle: ByteReader.u32le(b, 4), status: status,
                senderContext: ByteReader.u64(b, 12), options: ByteReader.u32le(b, 20)),
            isOrig: isOrig, context: context)
        let body = UnsafeRawBufferPointer(rebasing: b[Self.headerBytes..<(Self.headerBytes + length)])
        switch command {
        case 0x6F, 0x70:  // SendRRData / SendUnitData: interface handle u32, timeout u16, then items
            if body.count >= 6 { items(UnsafeRawBufferPointer(rebasing: body[6...]), isOrig: isOrig, context: context) }
        case 0x63 where length > 0:
            items(body, isOrig: isOrig, context: context)
        default: break
        }
        return Self.headerBytes + length
    }

    func emit(_ message: consuming ENIPEventKind, isOrig: Bool, context: FlowContext) {
        context.sink.emit(.enip(ENIPEvent(ts: context.ts, flow: context.flow, isOrig: isOrig, message: message)))
    }

    /// Common packet format (Vol. 2 §2-6): item count u16, then type u16, length u16, data.
    func items(_ b: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        guard b.count >= 2 else { return }
        var o = 2
        for _ in 0..<Int(ByteReader.u16le(b, 0)) {
            guard o + 4 <= b.count else { return context.weird("enip_truncated_item", source: "enip") }
            let type = ByteReader.u16le(b, o)
            let n = Int(ByteReader.u16le(b, o + 2))
            guard o + 4 + n <= b.count else { return context.weird("enip_truncated_item", source: "enip") }
            let data = UnsafeRawBufferPointer(rebasing: b[(o + 4)..<(o + 4 + n)])
            switch type {
            case 0x00B2: cip(data, sequence: nil, isOrig: isOrig, context: context)
            case 0x00B1 where n >= 2:
                cip(UnsafeRawBufferPointer(rebasing: data[2...]), sequence: ByteReader.u16le(data, 0), isOrig: isOrig, context: context)
            case 0x000C: identity(data, isOrig: isOrig, context: context)
            default: break
            }
            o += 4 + n
        }
    }

    func cip(_ b: UnsafeRawBufferPointer, sequence: UInt16?, isOrig: Bool, context: FlowContext) {
        guard let m = CIPMessage.parse(b) else { return context.weird("cip_truncated_message", source: "enip") }
        logCIP(m, sequence: sequence, isOrig: isOrig, context: context)
        for e in m.embedded { logCIP(e, sequence: sequence, isOrig: isOrig, context: context) }
        if !m.isResponse {
            pendingIdentityRead = CIPIdentityRead.requested(by: m, in: b)
        } else if let read = pendingIdentityRead, m.service == read.service {
            pendingIdentityRead = nil
            if m.status == 0 { identityReply(read, UnsafeRawBufferPointer(rebasing: b[m.dataOffset...]), isOrig: isOrig, context: context) }
        }
    }

    /// What a device's reply to an Identity object read says of it, as identity.
    func identityReply(_ read: CIPIdentityRead, _ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        let f = read.fields(data, maxNameBytes: context.limits.maxLogStringBytes)
        let device = context.host(isOrig: isOrig)
        let evidence = read.service == CIPIdentityRead.getAttributesAll ? "cip Get_Attributes_All" : "cip Get_Attribute_Single"
        func emit(_ field: IdentityField, _ value: String?, _ what: String) {
            guard let value, !value.isEmpty else { return }
            context.sink.emit(.identity(host: device, field: field, value: value, evidence: "\(evidence) Identity \(what)"))
        }
        emit(.vendor, f.vendorID.map { NumberedNames.cipVendors[UInt32($0)] ?? "Unknown" }, "vendor id \(f.vendorID ?? 0)")
        emit(.product, f.deviceType.map { NumberedNames.cipDeviceTypes[UInt32($0)] ?? "Unknown" }, "device type \(f.deviceType ?? 0)")
        emit(.model, f.productName, "product name")
        emit(.firmware, f.revision.map { "\($0.major).\($0.minor)" }, "revision")
        emit(.serial, f.serial.map { Hex.zeek(UInt64($0), minimumWidth: 8) }, "serial")
        if let type = f.deviceType { context.sink.emit(.role(host: device, role: type == 14 ? "plc" : "cip_device")) }
    }

    func logCIP(_ m: CIPMessage, sequence: UInt16?, isOrig: Bool, context: FlowContext) {
        if ENIPNames.services[m.service] == nil && m.service < 0x4B {
            context.weird("cip_invalid_service", Hex.zeek(UInt64(m.service), minimumWidth: 2), source: "enip")
        }
        emit(
            .cip(
                sequence: sequence, isResponse: m.isResponse, service: m.service, status: m.status, extendedStatus: m.extendedStatus,
                classID: m.classID, instanceID: m.instanceID, attributeID: m.attributeID),
            isOrig: isOrig, context: context)
    }

    func identity(_ b: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        guard let i = CIPIdentityItem.parse(b) else { return context.weird("enip_truncated_identity", source: "enip") }
        let vendor = NumberedNames.cipVendors[UInt32(i.vendorID)] ?? "Unknown"
        let deviceType = NumberedNames.cipDeviceTypes[UInt32(i.deviceType)] ?? "Unknown"
        let name = BytesText.text(i.productName, limit: context.limits.maxLogStringBytes)
        let revision = "\(i.revisionMajor).\(i.revisionMinor)"
        emit(.identity(i, productName: name), isOrig: isOrig, context: context)
        let device = context.host(isOrig: isOrig)
        let evidence = "enip ListIdentity"
        context.sink.emit(.identity(host: device, field: .vendor, value: vendor, evidence: evidence + " vendor id \(i.vendorID)"))
        if !name.isEmpty { context.sink.emit(.identity(host: device, field: .model, value: name, evidence: evidence + " product name")) }
        context.sink.emit(.identity(host: device, field: .firmware, value: revision, evidence: evidence + " revision"))
        context.sink.emit(
            .identity(host: device, field: .serial, value: Hex.zeek(UInt64(i.serial), minimumWidth: 8), evidence: evidence + " serial"))
        context.sink.emit(.identity(host: device, field: .product, value: deviceType, evidence: evidence + " device type \(i.deviceType)"))
        context.sink.emit(.role(host: device, role: i.deviceType == 14 ? "plc" : "cip_device"))
    }

    /// Class 0/1 I/O: common packet format whose first item is a sequenced address
    /// (0x8002: connection id u32, sequence u32) and whose second is connected data (0x00B1).
    static func ioItems(_ b: UnsafeRawBufferPointer) -> (connection: UInt32, sequence: UInt32, data: UnsafeRawBufferPointer)? {
        guard b.count >= 2 + 4 + 8 + 4, ByteReader.u16le(b, 0) == 2, ByteReader.u16le(b, 2) == 0x8002, ByteReader.u16le(b, 4) == 8
        else { return nil }
        guard ByteReader.u16le(b, 14) == 0x00B1 else { return nil }
        let n = Int(ByteReader.u16le(b, 16))
        guard 18 + n <= b.count else { return nil }
        return (ByteReader.u32le(b, 6), ByteReader.u32le(b, 10), UnsafeRawBufferPointer(rebasing: b[18..<(18 + n)]))
    }

    func io(_ b: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        guard let item = Self.ioItems(b) else { return context.weird("cip_io_malformed", source: "enip") }
        messageCount += 1
        emit(.io(connectionID: item.connection, sequence: item.sequence, data: Array(item.data)), isOrig: isOrig, context: context)
    }
}
