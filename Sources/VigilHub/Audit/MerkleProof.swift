/// Checks Merkle proofs the way a client of the hub would, by RFC 9162's verification
/// algorithms, which use only the proof, the sizes and the roots (never the leaves).
public enum MerkleProof {
    /// §2.1.3.2: whether `leafHash` is leaf `index` of the tree of `size` leaves whose root is
    /// `root`.
    public static func verifyInclusion(
        leafHash: MerkleHasher.Hash, index: Int, size: Int, proof: [MerkleHasher.Hash], root: MerkleHasher.Hash
    ) -> Bool {
        guard index >= 0, index < size, isHash(leafHash), isHash(root), proof.allSatisfy(isHash) else { return false }
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in proof {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = MerkleHasher.node(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = MerkleHasher.node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// §2.1.4.2: whether the tree of `oldSize` leaves with root `oldRoot` is a prefix of the
    /// tree of `newSize` leaves with root `newRoot`.
    public static func verifyConsistency(
        oldSize: Int, newSize: Int, oldRoot: MerkleHasher.Hash, newRoot: MerkleHasher.Hash, proof: [MerkleHasher.Hash]
    ) -> Bool {
        // A proof from the empty tree proves nothing (every tree extends it), so it is refused
        // as the reference verifier (transparency-dev/merkle) refuses it. Equal trees need no
        // proof, only equal roots; RFC 9162 leaves both cases to the caller.
        guard oldSize > 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        guard isHash(oldRoot), isHash(newRoot), proof.allSatisfy(isHash) else { return false }
        guard !proof.isEmpty else { return false }
        var path = proof
        // Step 2: a power-of-two old tree is a complete subtree, so its root starts the path.
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHasher.node(c, fr)
                sr = MerkleHasher.node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = MerkleHasher.node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }

    /// Every hash is SHA-256's 32 bytes; anything else (an empty root, say) is not a hash.
    static func isHash(_ hash: MerkleHasher.Hash) -> Bool { hash.count == 32 }
}
