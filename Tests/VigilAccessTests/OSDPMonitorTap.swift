import VigilAccess
import VigilCore
import VigilEvents
import VigilOSDP

/// A passive monitor wired into an `OSDPLinkHarness`: it sees every frame as delivered on the
/// wire (after the harness's loss or tampering), stamped with the simulated clock. Tests assert
/// on the monitor's alerts for attacks carried out on a real CP ↔ PD exchange.
final class OSDPMonitorTap {
    let monitor: OSDPMonitor
    private(set) var events: [OSDPEvent] = []

    /// `toPD` and `toCP` play the attacker: they may rewrite, drop (nil) or replace frames.
    init(
        _ h: OSDPLinkHarness, siteKeys: [OSDPKey] = [], toPD: @escaping ([UInt8]) -> [UInt8]? = { $0 },
        toCP: @escaping ([UInt8]) -> [UInt8]? = { $0 }
    ) {
        monitor = OSDPMonitor(configuration: .init(siteKeys: siteKeys))
        h.toPD = { [unowned self, unowned h] bytes in
            guard let out = toPD(bytes) else { return nil }
            self.feed(out, at: h.now)
            return out
        }
        h.toCP = { [unowned self, unowned h] bytes in
            guard let out = toCP(bytes) else { return nil }
            self.feed(out, at: h.now)
            return out
        }
    }

    init(siteKeys: [OSDPKey] = []) {
        monitor = OSDPMonitor(configuration: .init(siteKeys: siteKeys))
    }

    func feed(_ bytes: [UInt8], at milliseconds: Int64) {
        events += monitor.ingest(bytes, at: Timestamp(nanoseconds: milliseconds * 1_000_000))
    }

    var alerts: [OSDPEvent] { events.filter { $0.name == "alert" } }
    func alerts(_ kind: OSDPAlertKind) -> [OSDPEvent] { alerts.filter { $0["type"] == .string(kind.rawValue) } }
    var packets: [OSDPEvent] { events.filter { $0.name == "packet" } }

    /// The code byte of a single frame, for attackers that pick frames by type.
    static func code(of bytes: [UInt8]) -> (code: UInt8, packet: OSDPPacket)? {
        var assembler = OSDPFrameAssembler()
        assembler.append(bytes)
        guard case .packet(let packet, _, _) = assembler.next() else { return nil }
        return (packet.code, packet)
    }

    /// Recomputes the CRC after an attacker edits a frame, as a real attacker would.
    static func fixCRC(_ bytes: inout [UInt8]) {
        let start = bytes[0] == OSDPPacket.mark ? 1 : 0
        let crc = OSDPCheck.crc16(bytes[start..<(bytes.count - 2)])
        bytes[bytes.count - 2] = UInt8(crc & 0xFF)
        bytes[bytes.count - 1] = UInt8(crc >> 8)
    }
}
