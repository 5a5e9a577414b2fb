import Crypto

/// The hash function of RFC 9162 §2.1.1 (the same as RFC 6962's): SHA-256 with a one-byte
/// prefix that keeps a leaf from ever being taken for an inner node (second-preimage defence).
public enum MerkleHasher {
    /// A tree hash: 32 bytes of SHA-256.
    public typealias Hash = [UInt8]

    /// MTH({}) = SHA-256(), the hash of the empty tree.
    public static let emptyRoot: Hash = Array(SHA256.hash(data: [UInt8]()))

    /// MTH({d(0)}) = SHA-256(0x00 || d(0)).
    public static func leaf(_ data: some Sequence<UInt8>) -> Hash {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: Array(data))
        return Array(hasher.finalize())
    }

    /// SHA-256(0x01 || left || right).
    public static func node(_ left: Hash, _ right: Hash) -> Hash {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The largest power of two smaller than `n` (n > 1): where RFC 9162 splits a tree of n leaves.
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}
