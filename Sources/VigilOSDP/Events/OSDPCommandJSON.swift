import Foundation
import VigilCore
import VigilEvents

/// Commands as JSON lines, both ways: the PD prints each command it receives, and the CP reads
/// commands to send from stdin, e.g. `{"command":"led","reader":0,"led":0,"color":"red",
/// "on_ms":500,"off_ms":500}`. docs/OSDP.md lists every command and field. Times are given in
/// milliseconds and rounded to the standard's 100 ms units.
public enum OSDPCommandJSON {
    public static func event(_ command: OSDPCommand, address: UInt8, secure: Bool) -> OSDPEvent {
        var e = OSDPEvent("command", address: address, [("command", .string(command.name)), ("secure", .bool(secure))])
        switch command {
        case .led(let records):
            let r = records[0]
            e.add("reader", .int(Int(r.reader)))
            e.add("led", .int(Int(r.led)))
            let temporary = r.temporaryControl == 2
            e.add("temporary", .bool(temporary))
            e.add("color", .string(OSDPColor.name(temporary ? r.temporaryOnColor : r.permanentOnColor)))
            e.add("off_color", .string(OSDPColor.name(temporary ? r.temporaryOffColor : r.permanentOffColor)))
            e.add("on_ms", .int(Int(temporary ? r.temporaryOn : r.permanentOn) * 100))
            e.add("off_ms", .int(Int(temporary ? r.temporaryOff : r.permanentOff) * 100))
            if temporary { e.add("timer_ms", .int(Int(r.temporaryTimer) * 100)) }
            if records.count > 1 { e.add("records", .int(records.count)) }
        case .buzzer(let b):
            e.add("reader", .int(Int(b.reader)))
            e.add("tone", .int(Int(b.tone)))
            e.add("on_ms", .int(Int(b.on) * 100))
            e.add("off_ms", .int(Int(b.off) * 100))
            e.add("count", .int(Int(b.count)))
        case .output(let records):
            e.add("output", .int(Int(records[0].output)))
            e.add(
                "action",
                .string(
                    Int(records[0].control) < OSDPOutputControl.actions.count
                        ? OSDPOutputControl.actions[Int(records[0].control)] : "control_\(records[0].control)"))
            e.add("timer_ms", .int(Int(records[0].timer) * 100))
        case .text(let t):
            e.add("reader", .int(Int(t.reader)))
            e.add("text", .string(String(decoding: t.text, as: UTF8.self)))
            e.add("row", .int(Int(t.row)))
            e.add("column", .int(Int(t.column)))
        case .comset(let address, let baud):
            e.add("new_address", .int(Int(address)))
            e.add("baud_rate", .int(Int(baud)))
        case .keyset(let type, let key):
            e.add("key_type", .int(Int(type)))
            e.add("key_length", .int(key.count))  // never the key itself
        case .manufacturer(let vendor, let data):
            e.add("vendor", .string(Hex.string(OSDPBytes.le24(vendor).reversed())))
            e.add("data", .string(Hex.string(data)))
        case .other(_, let data):
            e.add("data", .string(Hex.string(data)))
        default:
            break
        }
        return e
    }

    /// Parses one stdin line into (PD address or nil for the default, command).
    public static func parse(_ line: String) throws(OSDPMessageError) -> (UInt8?, OSDPCommand) {
        guard let data = line.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data),
            let json = object as? [String: Any]
        else {
            throw OSDPMessageError("input", "not a JSON object: \(line.prefix(80))")
        }
        guard let name = json["command"] as? String else { throw OSDPMessageError("input", "missing \"command\"") }
        let fields = JSONFields(json: json, command: name)
        let address = try fields.optionalByte("address")
        switch name.lowercased() {
        case "poll": return (address, .poll)
        case "id": return (address, .id)
        case "cap": return (address, .capabilities)
        case "lstat": return (address, .localStatus)
        case "istat": return (address, .inputStatus)
        case "ostat": return (address, .outputStatus)
        case "rstat": return (address, .readerStatus)
        case "led":
            var r = OSDPLEDControl()
            r.reader = try fields.byte("reader", default: 0)
            r.led = try fields.byte("led", default: 0)
            let on = try fields.tenths("on_ms", default: 0)
            let off = try fields.tenths("off_ms", default: 0)
            let color = try fields.color("color", default: 1)
            let offColor = try fields.color("off_color", default: 0)
            if let timer = try fields.optionalInt("timer_ms") {
                (r.temporaryControl, r.temporaryOn, r.temporaryOff, r.temporaryOnColor, r.temporaryOffColor) = (2, on, off, color, offColor)
                r.temporaryTimer = UInt16(clamping: timer / 100)
            } else {
                (r.permanentControl, r.permanentOn, r.permanentOff, r.permanentOnColor, r.permanentOffColor) = (1, on, off, color, offColor)
            }
            return (address, .led([r]))
        case "buzzer", "buz":
            var b = OSDPBuzzerControl()
            b.reader = try fields.byte("reader", default: 0)
            b.tone = try fields.byte("tone", default: 2)
            b.on = try fields.tenths("on_ms", default: 100)
            b.off = try fields.tenths("off_ms", default: 100)
            b.count = try fields.byte("count", default: 1)
            return (address, .buzzer(b))
        case "output", "out":
            var o = OSDPOutputControl()
            o.output = try fields.byte("output", default: 0)
            let action = (json["action"] as? String) ?? "on"
            guard let code = OSDPOutputControl.actions.firstIndex(of: action) else {
                throw OSDPMessageError("output", "action \"\(action)\" is not one of \(OSDPOutputControl.actions.joined(separator: ", "))")
            }
            o.control = UInt8(code)
            o.timer = UInt16(clamping: (try fields.optionalInt("timer_ms") ?? 0) / 100)
            return (address, .output([o]))
        case "text":
            var t = OSDPTextOutput()
            t.reader = try fields.byte("reader", default: 0)
            t.row = try fields.byte("row", default: 1)
            t.column = try fields.byte("column", default: 1)
            t.text = Array(((json["text"] as? String) ?? "").utf8)
            guard t.text.count <= OSDPTextOutput.maxTextBytes else {
                throw OSDPMessageError("text", "longer than \(OSDPTextOutput.maxTextBytes) bytes")
            }
            return (address, .text(t))
        case "comset":
            let newAddress = try fields.byte("new_address", default: 0)
            let baud = try fields.optionalInt("baud_rate") ?? 9600
            return (address, .comset(address: newAddress, baudRate: UInt32(clamping: baud)))
        case "keyset":
            guard let hex = json["key"] as? String, let key = OSDPKey(hex: hex) else {
                throw OSDPMessageError("keyset", "\"key\" must be 32 hex digits")
            }
            return (address, .keyset(keyType: 1, key: key.bytes))
        case "mfg":
            let vendor = (json["vendor"] as? String).flatMap { UInt32($0, radix: 16) } ?? 0
            guard let data = Hex.decode((json["data"] as? String) ?? "") else { throw OSDPMessageError("mfg", "\"data\" must be hex") }
            return (address, .manufacturer(vendor: vendor, data: data))
        default:
            throw OSDPMessageError(
                "input",
                "unknown command \"\(name)\" (poll, id, cap, lstat, istat, ostat, rstat, led, buzzer, output, text, comset, keyset, mfg)")
        }
    }
}

/// Typed access to a JSON object's fields, with errors that name the field.
struct JSONFields {
    let json: [String: Any]
    let command: String

    func optionalInt(_ key: String) throws(OSDPMessageError) -> Int? {
        guard let value = json[key] else { return nil }
        guard let n = value as? Int, n >= 0 else { throw OSDPMessageError(command, "\"\(key)\" must be a non-negative integer") }
        return n
    }

    func optionalByte(_ key: String) throws(OSDPMessageError) -> UInt8? {
        guard let n = try optionalInt(key) else { return nil }
        guard n <= 255 else { throw OSDPMessageError(command, "\"\(key)\" must be 0–255") }
        return UInt8(n)
    }

    func byte(_ key: String, default d: UInt8) throws(OSDPMessageError) -> UInt8 { try optionalByte(key) ?? d }

    /// Milliseconds to the standard's 100 ms units, capped at 25.5 s.
    func tenths(_ key: String, default d: Int) throws(OSDPMessageError) -> UInt8 { UInt8(clamping: (try optionalInt(key) ?? d) / 100) }

    func color(_ key: String, default d: UInt8) throws(OSDPMessageError) -> UInt8 {
        guard let value = json[key] else { return d }
        if let n = value as? Int, (0...255).contains(n) { return UInt8(n) }
        if let s = value as? String, let code = OSDPColor.code(s) { return code }
        throw OSDPMessageError(command, "\"\(key)\" must be one of \(OSDPColor.names.joined(separator: ", ")) or 0–255")
    }
}
