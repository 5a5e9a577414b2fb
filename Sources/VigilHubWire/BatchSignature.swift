import Crypto
import Foundation

/// A sensor signs every batch with the P-256 key its hub certificate names (ECDSA over SHA-256,
/// DER-encoded, base64 in the `Vigil-Signature` header), so that the hub can tell which sensor
/// made a batch and that no byte changed on the way or in the spool.
public enum BatchSignature {
    public static func sign(_ body: [UInt8], with key: P256.Signing.PrivateKey) throws -> String {
        try key.signature(for: body).derRepresentation.base64EncodedString()
    }

    public static func isValid(_ signature: String, for body: [UInt8], by key: P256.Signing.PublicKey) -> Bool {
        guard let der = Data(base64Encoded: signature),
            let parsed = try? P256.Signing.ECDSASignature(derRepresentation: der)
        else { return false }
        return key.isValidSignature(parsed, for: body)
    }
}
