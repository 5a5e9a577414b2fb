import Crypto
import Foundation

/// The audit tree's size and root at one moment, signed by the hub's audit key. A copy kept
/// anywhere outside the database (the API serves the latest) later proves that the log then
/// held exactly these entries: no entry can be changed, removed or reordered without the
/// recomputed root disagreeing with a signed one.
public struct AuditTreeHead: Sendable, Equatable {
    public var size: Int
    public var root: MerkleHasher.Hash
    public var time: Int64
    public var signature: [UInt8]

    public init(size: Int, root: MerkleHasher.Hash, time: Int64, signature: [UInt8]) {
        self.size = size
        self.root = root
        self.time = time
        self.signature = signature
    }

    /// "vigil-audit-tree-head-v1", the size and time as 8 bytes big-endian each, and the root.
    public static func signedBytes(size: Int, time: Int64, root: MerkleHasher.Hash) -> [UInt8] {
        var bytes = Array("vigil-audit-tree-head-v1".utf8)
        withUnsafeBytes(of: UInt64(size).bigEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt64(bitPattern: time).bigEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: root)
        return bytes
    }

    public static func signed(size: Int, root: MerkleHasher.Hash, time: Int64, key: P256.Signing.PrivateKey) throws -> AuditTreeHead {
        let signature = try key.signature(for: signedBytes(size: size, time: time, root: root))
        return AuditTreeHead(size: size, root: root, time: time, signature: Array(signature.derRepresentation))
    }

    public func isSigned(by key: P256.Signing.PublicKey) -> Bool {
        guard let parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return false }
        return key.isValidSignature(parsed, for: Self.signedBytes(size: size, time: time, root: root))
    }
}
