import Testing
import VigilCore

@testable import VigilDecode

/// conn_state when a RST follows FINs, as Zeek's TCP analyzer decides it
/// (TCPSessionAdapter's UpdateClosedState and UpdateEstablishedState).
@Suite struct TCPConnStateTests {
    /// Flags of each packet and who sent it (true: the client, 10.0.0.1:40000).
    static func state(_ packets: [(TCPFlags, Bool)]) -> String {
        let table = FlowTable()
        var expired: [Connection] = []
        var conn: Connection?
        var seq: [UInt32] = [1000, 5000]
        for (i, (flags, fromClient)) in packets.enumerated() {
            let p = [UInt8]().withUnsafeBytes { empty in
                var p = DecodedPacket(
                    src: .v4(fromClient ? 0x0A00_0001 : 0x0A00_0002), dst: .v4(fromClient ? 0x0A00_0002 : 0x0A00_0001), proto: .tcp,
                    ipLength: 40, ttl: 64, srcPort: fromClient ? 40000 : 143, dstPort: fromClient ? 143 : 40000, payload: empty)
                p.tcpFlags = flags
                p.seq = seq[fromClient ? 0 : 1]
                p.ack = flags.contains(.ack) ? seq[fromClient ? 1 : 0] : 0
                return p
            }
            if flags.contains(.syn) || flags.contains(.fin) { seq[fromClient ? 0 : 1] += 1 }
            let at = Timestamp(seconds: Int64(i), nanos: 0)
            let (c, isOrig) = table.lookup(p, at: at, expired: &expired)
            c.record(p, isOrig: isOrig, at: at)
            conn = c
        }
        return conn?.connState.string ?? "-"
    }

    static let handshake: [(TCPFlags, Bool)] = [([.syn], true), ([.syn, .ack], false), ([.ack], true)]

    @Test func aRSTAfterBothFINsLeavesANormalClose() {
        #expect(Self.state(Self.handshake + [([.fin, .ack], false), ([.ack], true), ([.fin, .ack], true), ([.rst], false)]) == "SF")
    }

    @Test func aFINThenRSTAnsweredByThePeersFINIsANormalClose() {
        #expect(Self.state(Self.handshake + [([.fin, .ack], false), ([.rst], false), ([.fin, .ack], true)]) == "SF")
    }

    @Test func aRSTAfterOnlyItsOwnFINIsAReset() {
        #expect(Self.state(Self.handshake + [([.fin, .ack], false), ([.rst], false)]) == "RSTR")
        #expect(Self.state(Self.handshake + [([.rst], true), ([.fin, .ack], true)]) == "RSTO")
    }
}
