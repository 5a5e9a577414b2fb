import Crypto
import _CryptoExtras

/// The two AES-128 forms the Secure Channel uses, from swift-crypto: a single-block ECB
/// permutation (key derivation, cryptograms) and CBC without padding (MACs, data blocks);
/// OSDP pads its own way (0x80 then zeros), so swift-crypto's PKCS#7 padding is off.
enum OSDPCipher {
    static func encryptBlock(_ block: [UInt8], key: OSDPKey) -> [UInt8] {
        var out = block
        // AES.permute only throws for a block that is not 16 bytes or a bad key size; both are
        // fixed by construction here.
        try! AES.permute(&out, key: SymmetricKey(data: key.bytes))
        return out
    }

    static func cbcEncrypt(_ plaintext: [UInt8], key: OSDPKey, iv: [UInt8]) -> [UInt8] {
        precondition(plaintext.count % 16 == 0 && iv.count == 16)
        if plaintext.isEmpty { return [] }
        return Array(
            try! AES._CBC.encrypt(plaintext, using: SymmetricKey(data: key.bytes), iv: AES._CBC.IV(ivBytes: iv), noPadding: true))
    }

    static func cbcDecrypt(_ ciphertext: [UInt8], key: OSDPKey, iv: [UInt8]) -> [UInt8] {
        precondition(ciphertext.count % 16 == 0 && iv.count == 16)
        if ciphertext.isEmpty { return [] }
        return Array(
            try! AES._CBC.decrypt(ciphertext, using: SymmetricKey(data: key.bytes), iv: AES._CBC.IV(ivBytes: iv), noPadding: true))
    }
}
