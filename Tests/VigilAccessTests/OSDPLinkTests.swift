import Testing
import VigilAccess
import VigilOSDP

@Suite struct OSDPLinkTests {
    let key = OSDPKey(hex: "00112233445566778899aabbccddeeff")!
    let otherKey = OSDPKey(hex: "ffeeddccbbaa99887766554433221100")!

    @Test func clearLinkCarriesCommandsAndCards() {
        let h = OSDPLinkHarness(cp: .init(addresses: [7]), pd: .init(address: 7))
        h.run(milliseconds: 300)
        #expect(h.cpSaw("pd_online").first?["secure"] == .bool(false))
        #expect(h.cpSaw("pdid").first?["vendor"] == .string("56474c"))
        h.cp.submit(.buzzer(OSDPBuzzerControl()), to: 7)
        h.pd.present(.rawCard(OSDPCardRead(reader: 0, format: 1, bitCount: 26, data: [0x5A, 0xC3, 0x81, 0x40])))
        h.run(milliseconds: 300)
        #expect(h.pdSaw("command").contains { $0["command"] == .string("buz") })
        #expect(h.cpSaw("card_read").first?["data"] == .string("5ac38140"))
    }

    @Test func secureLinkEncryptsAndBothSidesAgree() {
        let h = OSDPLinkHarness(cp: .init(addresses: [7], scbk: key), pd: .init(address: 7, scbk: key))
        h.run(milliseconds: 300)
        #expect(h.cpSaw("sc_up").count == 1 && h.pdSaw("sc_up").count == 1)
        #expect(h.cpSaw("pd_online").first?["secure"] == .bool(true))
        var led = OSDPLEDControl()
        led.permanentControl = 1
        led.permanentOnColor = 2
        var plainLEDOnWire = false
        h.toPD = { bytes in
            if bytes.count > 20, Array(bytes).firstRange(of: led.bytes) != nil { plainLEDOnWire = true }
            return bytes
        }
        h.cp.submit(.led([led]), to: 7)
        h.run(milliseconds: 200)
        #expect(
            h.pdSaw("command").contains {
                $0["command"] == .string("led") && $0["secure"] == .bool(true) && $0["color"] == .string("green")
            })
        #expect(!plainLEDOnWire)
    }

    @Test func wrongKeyFallsBackToClearUnlessEnforced() {
        let open = OSDPLinkHarness(cp: .init(addresses: [7], scbk: otherKey), pd: .init(address: 7, scbk: key))
        open.run(milliseconds: 500)
        #expect(open.cpSaw("sc_failed").count >= 1)
        #expect(open.cpSaw("pd_online").first?["secure"] == .bool(false))

        let closed = OSDPLinkHarness(cp: .init(addresses: [7], scbk: otherKey, enforceSecure: true), pd: .init(address: 7, scbk: key))
        closed.run(milliseconds: 3000)
        #expect(closed.cpSaw("pd_online").isEmpty)
        #expect(closed.cpSaw("pd_offline").count == 1)
        #expect(closed.pdSaw("command").allSatisfy { $0["command"] == .string("id") || $0["command"] == .string("cap") })
    }

    @Test func lostReplyIsRetriedWithTheSameSequenceAndPerformedOnce() {
        let h = OSDPLinkHarness(cp: .init(addresses: [7], scbk: key), pd: .init(address: 7, scbk: key))
        h.run(milliseconds: 300)
        var dropped = false
        h.toCP = { bytes in
            // Lose the first reply after the LED command (the ACK): the CP must resend the LED
            // with the same sequence number and the PD must answer from its cache, not act twice.
            if !dropped && h.pdSaw("command").contains(where: { $0["command"] == .string("led") }) {
                dropped = true
                return nil
            }
            return bytes
        }
        h.cp.submit(.led([OSDPLEDControl()]), to: 7)
        h.run(milliseconds: 600)
        #expect(dropped)
        #expect(h.pdSaw("command").filter { $0["command"] == .string("led") }.count == 1)
        #expect(h.cpSaw("command_done").contains { $0["command"] == .string("led") && $0["reply"] == .string("ack") })
        #expect(h.cp.isSecure(7) && h.cpSaw("sc_down").isEmpty)
    }

    @Test func tamperedMACEndsTheSessionAndTheHandshakeRestarts() {
        let h = OSDPLinkHarness(cp: .init(addresses: [7], scbk: key), pd: .init(address: 7, scbk: key))
        h.run(milliseconds: 300)
        var tampered = false
        h.toPD = { bytes in
            var b = bytes
            // Flip one MAC bit of the next secured command (MAC is the 4 bytes before the CRC).
            // The CRC is recomputed so that only the MAC is wrong, as an attacker on the wire would.
            if !tampered, b.count > 12 {
                tampered = true
                b[b.count - 3] ^= 0x01
                let crc = OSDPCheck.crc16(b[(b[0] == 0xFF ? 1 : 0)..<(b.count - 2)])
                b[b.count - 2] = UInt8(crc & 0xFF)
                b[b.count - 1] = UInt8(crc >> 8)
            }
            return b
        }
        h.run(milliseconds: 600)
        #expect(tampered)
        #expect(h.pdSaw("sc_down").first?["reason"] == .string("MAC does not verify"))
        #expect(h.pdSaw("nak_sent").first?["reason"] == .int(6))
        #expect(h.cpSaw("sc_up").count == 2)  // the CP started a new session
        #expect(h.cp.isSecure(7))
    }

    @Test func keysetRefusedInTheClearAndRekeysInsideTheChannel() {
        let clear = OSDPLinkHarness(cp: .init(addresses: [7]), pd: .init(address: 7))
        clear.run(milliseconds: 200)
        #expect(clear.cp.submit(.keyset(keyType: 1, key: key.bytes), to: 7)?.name == "error")

        let h = OSDPLinkHarness(cp: .init(addresses: [7], scbk: key), pd: .init(address: 7, scbk: key))
        h.run(milliseconds: 300)
        #expect(h.cp.submit(.keyset(keyType: 1, key: otherKey.bytes), to: 7) == nil)
        h.run(milliseconds: 400)
        #expect(h.pd.configuration.scbk == otherKey)
        #expect(h.cpSaw("sc_up").count == 2 && h.cp.isSecure(7))
    }

    @Test func installModeProvisionsTheKeyThenUsesIt() {
        let h = OSDPLinkHarness(cp: .init(addresses: [7], scbk: key, installMode: true), pd: .init(address: 7, installMode: true))
        h.run(milliseconds: 500)
        #expect(h.cpSaw("sc_up").map { $0["key"] } == [.string("scbk-d"), .string("scbk")])
        #expect(h.pd.configuration.scbk == key && !h.pd.configuration.installMode)
    }

    @Test func outOfOrderSequenceIsRefusedWithNak4() {
        let pd = OSDPPeripheralDevice(configuration: .init(address: 3))
        let first = OSDPPacket(address: 3, isReply: false, sequence: 0, code: OSDPCommandCode.poll).encoded()
        _ = pd.receive(first, now: 0)
        let skipped = OSDPPacket(address: 3, isReply: false, sequence: 3, code: OSDPCommandCode.poll).encoded()
        let (reply, _) = pd.receive(skipped, now: 10)
        var assembler = OSDPFrameAssembler()
        assembler.append(reply)
        guard case .packet(let packet, _, _) = assembler.next() else {
            Issue.record("no reply")
            return
        }
        #expect(packet.code == OSDPReplyCode.nak && packet.data == [OSDPNakReason.sequenceNumber] && packet.sequence == 3)
    }

    @Test func unknownCommandAndBadLengthGetTheirNakCodes() {
        let pd = OSDPPeripheralDevice(configuration: .init(address: 3))
        func ask(_ seq: UInt8, _ code: UInt8, _ data: [UInt8]) -> [UInt8] {
            let (reply, _) = pd.receive(OSDPPacket(address: 3, isReply: false, sequence: seq, code: code, data: data).encoded(), now: 0)
            var a = OSDPFrameAssembler()
            a.append(reply)
            if case .packet(let p, _, _) = a.next() { return [p.code] + p.data }
            return []
        }
        #expect(ask(0, 0xA9, []) == [OSDPReplyCode.nak, OSDPNakReason.unknownCommand])
        #expect(ask(1, OSDPCommandCode.led, [1, 2, 3]) == [OSDPReplyCode.nak, OSDPNakReason.commandLength])
        #expect(
            ask(2, OSDPCommandCode.keyset, [1, 16] + [UInt8](repeating: 9, count: 16)) == [
                OSDPReplyCode.nak, OSDPNakReason.encryptionRequired,
            ])
    }
}
