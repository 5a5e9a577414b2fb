/// The three session keys of one Secure Channel session (Annex D.4): each is one AES-128-ECB
/// block under the SCBK of `01 xx | RND.A[0..5] | 00 × 8`, with xx = 0x82 (S-ENC), 0x01
/// (S-MAC1) or 0x02 (S-MAC2).
public struct OSDPSessionKeys: Sendable, Equatable {
    public let encryption: OSDPKey
    public let mac1: OSDPKey
    public let mac2: OSDPKey

    public init(scbk: OSDPKey, controlPanelRandom rndA: [UInt8]) {
        precondition(rndA.count == 8)
        func derive(_ kind: UInt8) -> OSDPKey {
            OSDPKey(bytes: OSDPCipher.encryptBlock([0x01, kind] + rndA[0..<6] + [UInt8](repeating: 0, count: 8), key: scbk))!
        }
        encryption = derive(0x82)
        mac1 = derive(0x01)
        mac2 = derive(0x02)
    }

    /// The client (PD) cryptogram sent in osdp_CCRYPT: AES(S-ENC, RND.A ‖ RND.B).
    public func clientCryptogram(rndA: [UInt8], rndB: [UInt8]) -> [UInt8] {
        OSDPCipher.encryptBlock(rndA + rndB, key: encryption)
    }

    /// The server (CP) cryptogram sent in osdp_SCRYPT: AES(S-ENC, RND.B ‖ RND.A).
    public func serverCryptogram(rndA: [UInt8], rndB: [UInt8]) -> [UInt8] {
        OSDPCipher.encryptBlock(rndB + rndA, key: encryption)
    }

    /// The initial reply MAC sent in osdp_RMAC_I: AES(S-MAC2, AES(S-MAC1, server cryptogram)).
    public func initialRMAC(serverCryptogram: [UInt8]) -> [UInt8] {
        OSDPCipher.encryptBlock(OSDPCipher.encryptBlock(serverCryptogram, key: mac1), key: mac2)
    }
}
