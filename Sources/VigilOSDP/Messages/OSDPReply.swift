/// A reply from peripheral device to control panel, decoded (v2.2 §7).
public enum OSDPReply: Sendable, Equatable {
    case ack
    case nak(reason: UInt8)
    case deviceID(OSDPDeviceIdentity)
    case capabilities([OSDPCapability])
    case localStatus(tamper: UInt8, power: UInt8)
    case inputStatus([UInt8])
    case outputStatus([UInt8])
    case readerStatus([UInt8])
    case rawCard(OSDPCardRead)
    case keypad(reader: UInt8, digits: [UInt8])
    case communication(address: UInt8, baudRate: UInt32)
    case busy
    case manufacturer(vendor: UInt32, data: [UInt8])
    /// osdp_CCRYPT: cUID (8), RND.B (8), client cryptogram (16).
    case clientCryptogram(cuid: [UInt8], rndB: [UInt8], cryptogram: [UInt8])
    case initialRMAC([UInt8])
    case other(code: UInt8, data: [UInt8])

    public var code: UInt8 {
        switch self {
        case .ack: OSDPReplyCode.ack
        case .nak: OSDPReplyCode.nak
        case .deviceID: OSDPReplyCode.deviceID
        case .capabilities: OSDPReplyCode.capabilities
        case .localStatus: OSDPReplyCode.localStatus
        case .inputStatus: OSDPReplyCode.inputStatus
        case .outputStatus: OSDPReplyCode.outputStatus
        case .readerStatus: OSDPReplyCode.readerStatus
        case .rawCard: OSDPReplyCode.rawCard
        case .keypad: OSDPReplyCode.keypad
        case .communication: OSDPReplyCode.communication
        case .busy: OSDPReplyCode.busy
        case .manufacturer: OSDPReplyCode.manufacturer
        case .clientCryptogram: OSDPReplyCode.clientCryptogram
        case .initialRMAC: OSDPReplyCode.initialRMAC
        case .other(let code, _): code
        }
    }

    public var name: String { OSDPReplyCode.name(code).lowercased() }

    public var data: [UInt8] {
        switch self {
        case .ack, .busy: []
        case .nak(let reason): [reason]
        case .deviceID(let id): id.bytes
        case .capabilities(let caps): caps.flatMap { [$0.function, $0.compliance, $0.count] }
        case .localStatus(let tamper, let power): [tamper, power]
        case .inputStatus(let s), .outputStatus(let s), .readerStatus(let s): s
        case .rawCard(let card): card.bytes
        case .keypad(let reader, let digits): [reader, UInt8(digits.count)] + digits
        case .communication(let address, let baud): [address] + OSDPBytes.le32(baud)
        case .manufacturer(let vendor, let data): OSDPBytes.le24(vendor) + data
        case .clientCryptogram(let cuid, let rnd, let crypt): cuid + rnd + crypt
        case .initialRMAC(let mac): mac
        case .other(_, let data): data
        }
    }

    public static func decode(code: UInt8, data: [UInt8]) throws(OSDPMessageError) -> OSDPReply {
        let name = OSDPReplyCode.name(code)
        func need(_ ok: Bool, _ rule: String) throws(OSDPMessageError) {
            if !ok { throw OSDPMessageError(name, "\(data.count) data bytes; \(rule)") }
        }
        switch code {
        case OSDPReplyCode.ack: return .ack
        case OSDPReplyCode.busy: return .busy
        case OSDPReplyCode.nak:
            try need(!data.isEmpty, "expected the reason byte")
            return .nak(reason: data[0])
        case OSDPReplyCode.deviceID:
            try need(data.count == 12, "expected 12")
            return .deviceID(OSDPDeviceIdentity(data))
        case OSDPReplyCode.capabilities:
            try need(data.count % 3 == 0, "expected a multiple of 3")
            return .capabilities(
                stride(from: 0, to: data.count, by: 3).map {
                    OSDPCapability(function: data[$0], compliance: data[$0 + 1], count: data[$0 + 2])
                })
        case OSDPReplyCode.localStatus:
            try need(data.count == 2, "expected 2")
            return .localStatus(tamper: data[0], power: data[1])
        case OSDPReplyCode.inputStatus: return .inputStatus(data)
        case OSDPReplyCode.outputStatus: return .outputStatus(data)
        case OSDPReplyCode.readerStatus: return .readerStatus(data)
        case OSDPReplyCode.rawCard:
            try need(data.count >= 4, "expected at least 4")
            let bits = UInt16(data[2]) | UInt16(data[3]) << 8
            try need(data.count - 4 == (Int(bits) + 7) / 8, "bit count \(bits) needs \((Int(bits) + 7) / 8) data bytes")
            return .rawCard(OSDPCardRead(reader: data[0], format: data[1], bitCount: bits, data: Array(data[4...])))
        case OSDPReplyCode.keypad:
            try need(data.count >= 2 && data.count == 2 + Int(data[1]), "expected 2 + the digit count in byte 1")
            return .keypad(reader: data[0], digits: Array(data[2...]))
        case OSDPReplyCode.communication:
            try need(data.count == 5, "expected 5")
            return .communication(address: data[0], baudRate: OSDPBytes.readLE32(data, at: 1))
        case OSDPReplyCode.manufacturer:
            try need(data.count >= 3, "expected at least the 3-byte vendor code")
            return .manufacturer(vendor: OSDPBytes.readLE24(data, at: 0), data: Array(data[3...]))
        case OSDPReplyCode.clientCryptogram:
            try need(data.count == 32, "expected 32 (cUID, RND.B, cryptogram)")
            return .clientCryptogram(cuid: Array(data[0..<8]), rndB: Array(data[8..<16]), cryptogram: Array(data[16..<32]))
        case OSDPReplyCode.initialRMAC:
            try need(data.count == 16, "expected 16")
            return .initialRMAC(data)
        default:
            return .other(code: code, data: data)
        }
    }
}
