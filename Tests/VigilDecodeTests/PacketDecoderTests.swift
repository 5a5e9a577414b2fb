import Testing
import VigilCore

@testable import VigilDecode

@Suite struct PacketDecoderTests {
    /// Ethernet + 802.1Q (VLAN 5) + IPv4 (UDP 1234 → 53, 2 bytes payload).
    static let vlanUDP: [UInt8] = [
        0, 1, 2, 3, 4, 5, 0x00, 0x1b, 0x1b, 1, 2, 3, 0x81, 0x00, 0x00, 0x05, 0x08, 0x00,
        0x45, 0, 0, 30, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        0x04, 0xD2, 0, 53, 0, 10, 0, 0, 0xAB, 0xCD,
    ]

    @Test func vlanTaggedUDP() {
        var d = PacketDecoder()
        var p = DecodedPacket()
        guard case .ip = Self.vlanUDP.withUnsafeBytes({ d.decode(linkType: 1, $0, at: .zero, into: &p) }) else {
            Issue.record("not decoded")
            return
        }
        #expect(p.vlan == 5 && p.proto == .udp && p.srcPort == 1234 && p.dstPort == 53)
        #expect(Array(p.payload) == [0xAB, 0xCD] && p.ipLength == 30)
        #expect(p.src.description == "10.0.0.1" && p.srcMAC?.description == "00:1b:1b:01:02:03")
    }

    @Test func everyTruncationIsMalformedOrPartialNeverATrap() {
        for cut in 0..<Self.vlanUDP.count {
            var d = PacketDecoder()
            var p = DecodedPacket()
            _ = Array(Self.vlanUDP[0..<cut]).withUnsafeBytes { d.decode(linkType: 1, $0, at: .zero, into: &p) }
        }
        var d = PacketDecoder()
        var p = DecodedPacket()
        guard case .malformed(let name) = Array(Self.vlanUDP[0..<30]).withUnsafeBytes({ d.decode(linkType: 1, $0, at: .zero, into: &p) })
        else {
            Issue.record("expected malformed")
            return
        }
        #expect(name == "truncated_IP")
    }

    @Test func ipv4FragmentsReassemble() {
        // Two fragments of a UDP datagram (8-byte header + 8 bytes), id 7, split at offset 8.
        func frag(offset: UInt16, more: Bool, _ body: [UInt8]) -> [UInt8] {
            let total = UInt16(20 + body.count)
            let ff = (more ? 0x2000 : 0) | (offset / 8)
            return [
                0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 7, UInt8(ff >> 8), UInt8(ff & 0xFF), 64, 17, 0, 0, 10, 0, 0, 1, 10, 0,
                0, 2,
            ] + body
        }
        var d = PacketDecoder()
        var p = DecodedPacket()
        let first = frag(offset: 0, more: true, [0x13, 0x88, 0x13, 0x89, 0, 16, 0, 0])
        let second = frag(offset: 8, more: false, Array("12345678".utf8))
        guard case .fragmentHeld = first.withUnsafeBytes({ d.decode(linkType: 101, $0, at: .zero, into: &p) }) else {
            Issue.record("first not held")
            return
        }
        guard case .ip = second.withUnsafeBytes({ d.decode(linkType: 101, $0, at: .zero, into: &p) }) else {
            Issue.record("not reassembled")
            return
        }
        #expect(p.srcPort == 5000 && p.dstPort == 5001 && String(decoding: p.payload, as: UTF8.self) == "12345678")
    }
}
