import Testing
import VigilAccess
import VigilOSDP

@Suite struct OSDPFramingTests {
    /// osdp_POLL to address 0x65, sequence 1, CRC, from libosdp's trace (scripts/osdp/record_kat.py):
    /// FF mark | 53 SOM | 65 addr | 08 00 length | 05 ctrl (CRC, seq 1) | 60 POLL | CRC.
    let poll: [UInt8] = [0xFF, 0x53, 0x65, 0x08, 0x00, 0x05, 0x60]

    @Test func crcMatchesLibosdp() {
        // libosdp's ID command: ff 53 65 09 00 04 61 00 | d9 7a.
        #expect(OSDPCheck.crc16([0x53, 0x65, 0x09, 0x00, 0x04, 0x61, 0x00]) == 0x7AD9)
        let packet = OSDPPacket(address: 0x65, isReply: false, sequence: 0, code: 0x61, data: [0])
        #expect(packet.encoded() == [0xFF, 0x53, 0x65, 0x09, 0x00, 0x04, 0x61, 0x00, 0xD9, 0x7A])
    }

    @Test func checksumVariantRoundTrips() {
        let packet = OSDPPacket(address: 2, isReply: true, sequence: 2, code: OSDPReplyCode.ack, usesCRC: false, hasMark: false)
        let bytes = packet.encoded()
        #expect(bytes.count == 7 && bytes.reduce(0, &+) == 0)
        var a = OSDPFrameAssembler()
        a.append(bytes)
        #expect(a.next() == .packet(packet, raw: bytes, offset: 0))
    }

    @Test func resynchronisesThroughGarbageSplitAndMergedReads() {
        let one = OSDPPacket(address: 1, isReply: false, sequence: 1, code: OSDPCommandCode.poll).encoded()
        let two = OSDPPacket(address: 2, isReply: false, sequence: 2, code: OSDPCommandCode.id, data: [0]).encoded()
        // Noise containing a false SOM (0x53) with an implausible length, then both packets
        // merged, then fed one byte at a time.
        let stream: [UInt8] = [0x00, 0x53, 0xFF, 0xFF, 0x13, 0x37] + one + [0x53, 0x01] + two
        var a = OSDPFrameAssembler()
        var addresses: [UInt8] = []
        for byte in stream {
            a.append([byte])
            while let output = a.next() { if case .packet(let p, _, _) = output { addresses.append(p.address) } }
        }
        #expect(addresses == [1, 2])
        #expect(a.counters.packets == 2 && a.counters.badLengths >= 1 && a.counters.garbageBytes > 0)
    }

    @Test func badCRCIsRefusedAndTheNextPacketStillArrives() {
        var corrupt = OSDPPacket(address: 1, isReply: false, sequence: 1, code: OSDPCommandCode.poll).encoded()
        corrupt[corrupt.count - 1] ^= 0xFF
        let good = OSDPPacket(address: 1, isReply: false, sequence: 2, code: OSDPCommandCode.poll).encoded()
        var a = OSDPFrameAssembler()
        a.append(corrupt + good)
        var outputs: [OSDPFrameAssembler.Output] = []
        while let o = a.next() { outputs.append(o) }
        #expect(outputs.count == 2)
        if case .refused(.checkMismatch, let offset) = outputs[0] {
            #expect(offset == 1)
        } else {
            Issue.record("expected a CRC refusal first")
        }
        if case .packet(let p, _, _) = outputs[1] { #expect(p.sequence == 2) } else { Issue.record("good packet lost") }
    }

    @Test func oversizedLengthIsRefusedWithoutBuffering() {
        var a = OSDPFrameAssembler()
        a.append([0x53, 0x01, 0xFF, 0xFF, 0x04])
        #expect(a.next() == .refused(.badLength(0xFFFF), offset: 0))
        #expect(a.pendingBytes < 5)
    }

    @Test func securityBlockTooLongIsMalformed() {
        var bytes: [UInt8] = [0x53, 0x01, 0x00, 0x00, 0x0C, 0x20, 0x11, 0x60]
        let total = bytes.count + 2
        bytes[2] = UInt8(total)
        let crc = OSDPCheck.crc16(bytes)
        bytes += [UInt8(crc & 0xFF), UInt8(crc >> 8)]
        var a = OSDPFrameAssembler()
        a.append(bytes)
        #expect(a.next() == .refused(.badSecurityBlock(offset: 5, length: 0x20), offset: 0))
    }
}
