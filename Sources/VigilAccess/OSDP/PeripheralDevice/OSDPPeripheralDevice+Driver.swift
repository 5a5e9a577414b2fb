import Foundation
import VigilCore
import VigilEvents
import VigilOSDP

extension OSDPPeripheralDevice: LinkDriver {
    public func handle(received: [UInt8], now: Int64) -> (transmit: [UInt8]?, events: [OSDPEvent]) {
        let (transmit, events) = receive(received, now: now)
        return (transmit.isEmpty ? nil : transmit, events)
    }

    /// Input for the emulated reader, one JSON object per line:
    /// `{"card":"5ac38140","bits":26}` (format "wiegand" unless "format":"raw"), `{"keypad":"1234#"}`,
    /// `{"tamper":true}`, `{"power_failure":true}`; "reader" picks the reader (default 0).
    public func handle(line: String, now: Int64) -> [OSDPEvent] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)), let json = object as? [String: Any] else {
            return [OSDPEvent("error", address: nil, [("message", .string("not a JSON object: \(line.prefix(80))"))])]
        }
        let reader = UInt8(clamping: (json["reader"] as? Int) ?? 0)
        if let card = json["card"] as? String {
            guard let data = Hex.decode(card), !data.isEmpty else {
                return [OSDPEvent("error", address: nil, [("message", .string("\"card\" must be hex"))])]
            }
            let bits = (json["bits"] as? Int) ?? data.count * 8
            guard bits > 0, (bits + 7) / 8 == data.count else {
                return [OSDPEvent("error", address: nil, [("message", .string("\"bits\" \(bits) does not fit \(data.count) data bytes"))])]
            }
            let format: UInt8 = (json["format"] as? String) == "raw" ? 0 : 1
            present(.rawCard(OSDPCardRead(reader: reader, format: format, bitCount: UInt16(bits), data: data)))
        } else if let keys = json["keypad"] as? String {
            present(.keypad(reader: reader, digits: Array(keys.utf8)))
        } else if json["tamper"] != nil || json["power_failure"] != nil {
            if let t = json["tamper"] as? Bool { tamper = t ? 1 : 0 }
            if let p = json["power_failure"] as? Bool { power = p ? 1 : 0 }
            present(.localStatus(tamper: tamper, power: power))
        } else {
            return [
                OSDPEvent("error", address: nil, [("message", .string("expected \"card\", \"keypad\", \"tamper\" or \"power_failure\""))])
            ]
        }
        return []
    }

    public func deadline(now: Int64) -> Int64? { nil }
}
