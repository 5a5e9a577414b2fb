import Foundation
import VigilAccess
import VigilCore
import VigilOSDP

/// Reads a byte trace recorded by scripts/osdp (JSON lines of {"dir": "rx"|"tx", "hex": …})
/// and splits it into the packets each side sent, in order.
enum OSDPFixture {
    static func url(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    }

    /// (fromControlPanel, packet) in trace order.
    static func packets(_ name: String) throws -> [(Bool, OSDPPacket)] {
        let text = try String(contentsOf: url(name), encoding: .utf8)
        var commands = OSDPFrameAssembler()
        var replies = OSDPFrameAssembler()
        var out: [(Bool, OSDPPacket)] = []
        for line in text.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let bytes = Hex.decode(object["hex"] as! String)!
            let fromCP = (object["dir"] as! String) == "rx"
            if fromCP { commands.append(bytes) } else { replies.append(bytes) }
            while true {
                let output = fromCP ? commands.next() : replies.next()
                guard let output else { break }
                if case .packet(let packet, _, _) = output { out.append((fromCP, packet)) }
            }
        }
        return out
    }
}
