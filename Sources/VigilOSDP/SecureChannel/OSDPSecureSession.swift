/// An established Secure Channel session: the session keys and the MAC chain (Annex D.5–D.6).
///
/// Every secured packet's MAC is AES-CBC over the packet from SOM to the end of its data,
/// padded with 0x80 and zeros when not a whole number of blocks, under S-MAC1 for all blocks
/// but the last and S-MAC2 for the last; only the first four bytes travel. The chain: a
/// command's MAC starts from the last reply MAC (R-MAC-I at first), a reply's from the last
/// command MAC. Data blocks (SCS_17/18) are AES-CBC under S-ENC with the bitwise complement of
/// that same chaining value as IV, always padded with 0x80 then zeros.
public struct OSDPSecureSession: Sendable {
    public let keys: OSDPSessionKeys
    /// True when the session was keyed with SCBK-D (install mode).
    public let usesDefaultKey: Bool
    public private(set) var lastCommandMAC: [UInt8]
    public private(set) var lastReplyMAC: [UInt8]

    public init(keys: OSDPSessionKeys, initialRMAC: [UInt8], usesDefaultKey: Bool) {
        self.keys = keys
        self.usesDefaultKey = usesDefaultKey
        lastCommandMAC = [UInt8](repeating: 0, count: 16)
        lastReplyMAC = initialRMAC
    }

    /// The full 16-byte MAC of `bytes`, advancing the chain for that direction.
    public mutating func mac(over bytes: [UInt8], fromControlPanel: Bool) -> [UInt8] {
        var padded = bytes
        if padded.count % 16 != 0 || padded.isEmpty { Self.pad(&padded) }
        let iv = fromControlPanel ? lastReplyMAC : lastCommandMAC
        let blocks = padded.count / 16
        var chain = iv
        if blocks > 1 {
            let head = OSDPCipher.cbcEncrypt(Array(padded[0..<((blocks - 1) * 16)]), key: keys.mac1, iv: iv)
            chain = Array(head[(head.count - 16)...])
        }
        let mac = OSDPCipher.cbcEncrypt(Array(padded[((blocks - 1) * 16)...]), key: keys.mac2, iv: chain)
        if fromControlPanel { lastCommandMAC = mac } else { lastReplyMAC = mac }
        return mac
    }

    public func encrypt(_ plaintext: [UInt8], fromControlPanel: Bool) -> [UInt8] {
        var padded = plaintext
        Self.pad(&padded)
        return OSDPCipher.cbcEncrypt(padded, key: keys.encryption, iv: dataIV(fromControlPanel: fromControlPanel))
    }

    /// Nil when the ciphertext is not whole blocks or its padding is wrong.
    public func decrypt(_ ciphertext: [UInt8], fromControlPanel: Bool) -> [UInt8]? {
        guard !ciphertext.isEmpty, ciphertext.count % 16 == 0 else { return nil }
        var plain = OSDPCipher.cbcDecrypt(ciphertext, key: keys.encryption, iv: dataIV(fromControlPanel: fromControlPanel))
        while plain.last == 0 { plain.removeLast() }
        guard plain.last == 0x80 else { return nil }
        plain.removeLast()
        return plain
    }

    /// Secures a clear packet for sending: SCS_15/16 when it has no data, otherwise SCS_17/18
    /// with the data encrypted (libosdp does the same), then the MAC.
    public mutating func seal(_ packet: OSDPPacket) -> OSDPPacket {
        var sealed = packet
        let fromCP = !packet.isReply
        if packet.data.isEmpty {
            sealed.securityBlock = OSDPSecurityBlock(type: fromCP ? .commandMAC : .replyMAC)
        } else {
            sealed.securityBlock = OSDPSecurityBlock(type: fromCP ? .commandEncrypted : .replyEncrypted)
            sealed.data = encrypt(packet.data, fromControlPanel: fromCP)
        }
        sealed.mac = Array(mac(over: sealed.macInput(macLength: 4), fromControlPanel: fromCP)[0..<4])
        return sealed
    }

    /// Checks a received secured packet's MAC and returns its clear data.
    public mutating func open(_ packet: OSDPPacket) throws(OSDPSecureError) -> [UInt8] {
        guard let block = packet.securityBlock, block.type.carriesMAC, let received = packet.mac else {
            throw .notSecured
        }
        let fromCP = !packet.isReply
        let expected = mac(over: packet.macInput(macLength: 4), fromControlPanel: fromCP)
        guard Self.constantTimeEqual(Array(expected[0..<4]), received) else { throw .badMAC }
        guard block.type.isEncrypted else { return packet.data }
        guard let plain = decrypt(packet.data, fromControlPanel: fromCP) else { throw .badPadding }
        return plain
    }

    private func dataIV(fromControlPanel: Bool) -> [UInt8] {
        (fromControlPanel ? lastReplyMAC : lastCommandMAC).map { ~$0 }
    }

    private static func pad(_ bytes: inout [UInt8]) {
        bytes.append(0x80)
        while bytes.count % 16 != 0 { bytes.append(0) }
    }

    package static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}

/// Why a secured packet was refused. Any of these ends the session (fail closed).
public enum OSDPSecureError: Error, Sendable, Equatable, CustomStringConvertible {
    case notSecured, badMAC, badPadding

    public var description: String {
        switch self {
        case .notSecured: "clear-text packet while the secure channel is required"
        case .badMAC: "MAC does not verify"
        case .badPadding: "encrypted data block has bad length or padding"
        }
    }
}
