import VigilCore
import VigilEvents

/// Builds the JSON-line events for decoded replies, shared by the control panel and the monitor.
public enum OSDPEventFactory {
    public static func identity(_ id: OSDPDeviceIdentity, address: UInt8) -> OSDPEvent {
        OSDPEvent(
            "pdid", address: address,
            [
                ("vendor", .string(Hex.string(OSDPBytes.le24(id.vendor).reversed()))), ("model", .int(Int(id.model))),
                ("version", .int(Int(id.version))), ("serial", .string(Hex.prefixed(UInt64(id.serial), width: 8))),
                ("firmware", .string(id.firmwareText)),
            ])
    }

    public static func capabilities(_ caps: [OSDPCapability], address: UInt8) -> OSDPEvent {
        var event = OSDPEvent("pdcap", address: address)
        for cap in caps {
            let name = OSDPCapability.names[cap.function] ?? "function_\(cap.function)"
            event.add(name, .ints([Int(cap.compliance), Int(cap.count)]))
        }
        return event
    }

    public static func nak(_ reason: UInt8, command: OSDPCommand, address: UInt8) -> OSDPEvent {
        OSDPEvent(
            "nak", address: address,
            [("command", .string(command.name)), ("reason", .int(Int(reason))), ("reason_name", .string(OSDPNakReason.name(reason)))])
    }

    /// Card reads, keypad entries and the other replies a POLL or a query can bring.
    public static func reply(_ reply: OSDPReply, address: UInt8) -> OSDPEvent {
        switch reply {
        case .rawCard(let card):
            return OSDPEvent(
                "card_read", address: address,
                [
                    ("reader", .int(Int(card.reader))), ("format", .string(card.formatName)), ("bits", .int(Int(card.bitCount))),
                    ("data", .string(Hex.string(card.data))),
                ])
        case .keypad(let reader, let digits):
            return OSDPEvent(
                "keypad", address: address, [("reader", .int(Int(reader))), ("keys", .string(String(decoding: digits, as: UTF8.self)))])
        case .inputStatus(let s): return OSDPEvent("input_status", address: address, [("inputs", .ints(s.map(Int.init)))])
        case .outputStatus(let s): return OSDPEvent("output_status", address: address, [("outputs", .ints(s.map(Int.init)))])
        case .readerStatus(let s): return OSDPEvent("reader_status", address: address, [("readers", .ints(s.map(Int.init)))])
        case .manufacturer(let vendor, let data):
            return OSDPEvent(
                "mfgrep", address: address,
                [("vendor", .string(Hex.string(OSDPBytes.le24(vendor).reversed()))), ("data", .string(Hex.string(data)))])
        default:
            return OSDPEvent("reply", address: address, [("reply", .string(reply.name)), ("data", .string(Hex.string(reply.data)))])
        }
    }
}
