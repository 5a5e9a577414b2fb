import Testing
import VigilAccess
import VigilOSDP

/// Which key Vigil's PD answers a CHLNG with (Annex D.4), and how it treats a packet that claims
/// the Secure Channel without a MAC. Both decide whether the `osdp` 1.6 CP can talk to it: that
/// CP asks for SCBK-D on every handshake and marks its first POLL SCS_15 before any session.
@Suite struct OSDPPeripheralKeyChoiceTests {
    let key = OSDPKey(hex: "00112233445566778899aabbccddeeff")!
    let rndA: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]

    /// Sends a CHLNG asking for SCBK-D (SCS_11 data 0x00) and returns the PD's reply.
    func challenge(_ pd: OSDPPeripheralDevice) -> OSDPPacket? {
        let chlng = OSDPPacket(
            address: 7, isReply: false, sequence: 0, code: OSDPCommandCode.challenge, data: rndA,
            securityBlock: OSDPSecurityBlock(type: .challenge, data: [0x00]))
        return Self.firstPacket(pd.receive(chlng.encoded(), now: 0).0)
    }

    static func firstPacket(_ bytes: [UInt8]) -> OSDPPacket? {
        var assembler = OSDPFrameAssembler()
        assembler.append(bytes)
        if case .packet(let packet, _, _) = assembler.next() { return packet }
        return nil
    }

    /// The cryptogram in a CCRYPT reply checks out under `scbk`.
    func verifies(_ reply: OSDPPacket, under scbk: OSDPKey) -> Bool {
        guard reply.code == OSDPReplyCode.clientCryptogram, reply.data.count == 32 else { return false }
        let keys = OSDPSessionKeys(scbk: scbk, controlPanelRandom: rndA)
        return keys.clientCryptogram(rndA: rndA, rndB: Array(reply.data[8..<16])) == Array(reply.data[16..<32])
    }

    @Test func scbkDRequestToAKeyedPDIsAnsweredWithItsSCBK() throws {
        let reply = try #require(challenge(OSDPPeripheralDevice(configuration: .init(address: 7, scbk: key))))
        #expect(reply.securityBlock == OSDPSecurityBlock(type: .clientCryptogram, data: [0x01]))
        #expect(verifies(reply, under: key))
        #expect(!verifies(reply, under: .defaultInstallKey))
    }

    @Test func scbkDRequestInInstallModeUsesSCBKD() throws {
        let pd = OSDPPeripheralDevice(configuration: .init(address: 7, scbk: key, installMode: true))
        let reply = try #require(challenge(pd))
        #expect(reply.securityBlock == OSDPSecurityBlock(type: .clientCryptogram, data: [0x00]))
        #expect(verifies(reply, under: .defaultInstallKey))
    }

    @Test func pdWithoutKeyOrInstallModeRefusesTheHandshake() throws {
        let reply = try #require(challenge(OSDPPeripheralDevice(configuration: .init(address: 7))))
        #expect(reply.code == OSDPReplyCode.nak && reply.data == [OSDPNakReason.securityBlockUnsupported])
    }

    /// The `osdp` 1.6 CP's first frame, as it went on the wire: POLL, sequence 0, CRC, marked
    /// SCS_15 with no room for a MAC. It is a packet (not a frame error) and earns NAK 6.
    @Test func pollMarkedSecureWithoutAMACGetsNak6() throws {
        let wire: [UInt8] = [0xFF, 0x53, 0x65, 0x0A, 0x00, 0x0C, 0x02, 0x15, 0x60, 0xE5, 0x1F]
        let packet = try #require(Self.firstPacket(wire))
        #expect(packet.code == OSDPCommandCode.poll && packet.mac == nil && !packet.isSecured)
        let pd = OSDPPeripheralDevice(configuration: .init(address: 0x65, scbk: key))
        let reply = try #require(Self.firstPacket(pd.receive(wire, now: 0).0))
        #expect(reply.code == OSDPReplyCode.nak && reply.data == [OSDPNakReason.encryptionRequired])
    }
}
