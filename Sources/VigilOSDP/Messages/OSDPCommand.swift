/// A command from control panel to peripheral device, decoded (v2.2 §6).
public enum OSDPCommand: Sendable, Equatable {
    case poll
    case id
    case capabilities
    case localStatus
    case inputStatus
    case outputStatus
    case readerStatus
    case output([OSDPOutputControl])
    case led([OSDPLEDControl])
    case buzzer(OSDPBuzzerControl)
    case text(OSDPTextOutput)
    case comset(address: UInt8, baudRate: UInt32)
    /// osdp_KEYSET: key type 1 is the SCBK.
    case keyset(keyType: UInt8, key: [UInt8])
    case manufacturer(vendor: UInt32, data: [UInt8])
    case challenge(rndA: [UInt8])
    case serverCryptogram([UInt8])
    case other(code: UInt8, data: [UInt8])

    public var code: UInt8 {
        switch self {
        case .poll: OSDPCommandCode.poll
        case .id: OSDPCommandCode.id
        case .capabilities: OSDPCommandCode.capabilities
        case .localStatus: OSDPCommandCode.localStatus
        case .inputStatus: OSDPCommandCode.inputStatus
        case .outputStatus: OSDPCommandCode.outputStatus
        case .readerStatus: OSDPCommandCode.readerStatus
        case .output: OSDPCommandCode.output
        case .led: OSDPCommandCode.led
        case .buzzer: OSDPCommandCode.buzzer
        case .text: OSDPCommandCode.text
        case .comset: OSDPCommandCode.comset
        case .keyset: OSDPCommandCode.keyset
        case .manufacturer: OSDPCommandCode.manufacturer
        case .challenge: OSDPCommandCode.challenge
        case .serverCryptogram: OSDPCommandCode.serverCryptogram
        case .other(let code, _): code
        }
    }

    /// The name used in JSON lines: the standard's name in lower case ("led", "poll").
    public var name: String { OSDPCommandCode.name(code).lowercased() }

    public var data: [UInt8] {
        switch self {
        case .poll, .localStatus, .inputStatus, .outputStatus, .readerStatus: []
        case .id, .capabilities: [0x00]
        case .output(let records): records.flatMap(\.bytes)
        case .led(let records): records.flatMap(\.bytes)
        case .buzzer(let b): b.bytes
        case .text(let t): t.bytes
        case .comset(let address, let baud): [address] + OSDPBytes.le32(baud)
        case .keyset(let type, let key): [type, UInt8(key.count)] + key
        case .manufacturer(let vendor, let data): OSDPBytes.le24(vendor) + data
        case .challenge(let rnd): rnd
        case .serverCryptogram(let c): c
        case .other(_, let data): data
        }
    }

    /// Decodes a command's clear data, checking each code's length rule (the PD answers a
    /// violation with NAK 2, "command length error").
    public static func decode(code: UInt8, data: [UInt8]) throws(OSDPMessageError) -> OSDPCommand {
        let name = OSDPCommandCode.name(code)
        func need(_ ok: Bool, _ rule: String) throws(OSDPMessageError) {
            if !ok { throw OSDPMessageError(name, "\(data.count) data bytes; \(rule)") }
        }
        switch code {
        case OSDPCommandCode.poll:
            try need(data.isEmpty, "expected 0")
            return .poll
        case OSDPCommandCode.localStatus:
            try need(data.isEmpty, "expected 0")
            return .localStatus
        case OSDPCommandCode.inputStatus:
            try need(data.isEmpty, "expected 0")
            return .inputStatus
        case OSDPCommandCode.outputStatus:
            try need(data.isEmpty, "expected 0")
            return .outputStatus
        case OSDPCommandCode.readerStatus:
            try need(data.isEmpty, "expected 0")
            return .readerStatus
        case OSDPCommandCode.id:
            try need(data.count == 1, "expected 1")
            return .id
        case OSDPCommandCode.capabilities:
            try need(data.count == 1, "expected 1")
            return .capabilities
        case OSDPCommandCode.output:
            try need(!data.isEmpty && data.count % OSDPOutputControl.length == 0, "expected a multiple of 4")
            return .output(stride(from: 0, to: data.count, by: 4).map { OSDPOutputControl(data[$0..<($0 + 4)]) })
        case OSDPCommandCode.led:
            try need(!data.isEmpty && data.count % OSDPLEDControl.length == 0, "expected a multiple of 14")
            return .led(stride(from: 0, to: data.count, by: 14).map { OSDPLEDControl(data[$0..<($0 + 14)]) })
        case OSDPCommandCode.buzzer:
            try need(data.count == OSDPBuzzerControl.length, "expected 5")
            return .buzzer(OSDPBuzzerControl(data[...]))
        case OSDPCommandCode.text:
            try need(data.count >= 6 && data.count == 6 + Int(data[5]), "expected 6 + the text length in byte 5")
            var t = OSDPTextOutput()
            (t.reader, t.command, t.temporarySeconds, t.row, t.column) = (data[0], data[1], data[2], data[3], data[4])
            t.text = Array(data[6...])
            return .text(t)
        case OSDPCommandCode.comset:
            try need(data.count == 5, "expected 5")
            return .comset(address: data[0], baudRate: OSDPBytes.readLE32(data, at: 1))
        case OSDPCommandCode.keyset:
            try need(data.count >= 2 && data.count == 2 + Int(data[1]), "expected 2 + the key length in byte 1")
            return .keyset(keyType: data[0], key: Array(data[2...]))
        case OSDPCommandCode.manufacturer:
            try need(data.count >= 3, "expected at least the 3-byte vendor code")
            return .manufacturer(vendor: OSDPBytes.readLE24(data, at: 0), data: Array(data[3...]))
        case OSDPCommandCode.challenge:
            try need(data.count == 8, "expected 8 (RND.A)")
            return .challenge(rndA: data)
        case OSDPCommandCode.serverCryptogram:
            try need(data.count == 16, "expected 16 (server cryptogram)")
            return .serverCryptogram(data)
        default:
            return .other(code: code, data: data)
        }
    }
}

/// Little-endian helpers for the OSDP message layouts.
package enum OSDPBytes {
    package static func le24(_ v: UInt32) -> [UInt8] {
        [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v >> 16)]
    }
    package static func le32(_ v: UInt32) -> [UInt8] { le24(v) + [UInt8(truncatingIfNeeded: v >> 24)] }
    package static func readLE24(_ b: [UInt8], at i: Int) -> UInt32 { UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 }
    package static func readLE32(_ b: [UInt8], at i: Int) -> UInt32 { readLE24(b, at: i) | UInt32(b[i + 3]) << 24 }
}
