/// A Merkle tree over a list of leaf hashes, as RFC 9162 §2.1 defines it: its root (MTH), the
/// audit path that proves a leaf is in it (§2.1.3.1) and the proof that an earlier tree is a
/// prefix of it (§2.1.4.1).
///
/// Every function recomputes from the leaf hashes, so a proof costs time proportional to the
/// tree's size. The audit log this serves grows by analyst actions, not by packets: thousands of
/// entries a day, whose whole tree hashes in milliseconds.
public struct MerkleTree: Sendable {
    public let leaves: [MerkleHasher.Hash]

    public init(leaves: [MerkleHasher.Hash]) { self.leaves = leaves }

    public var size: Int { leaves.count }

    /// MTH(D[n]).
    public var root: MerkleHasher.Hash { root(0..<leaves.count) }

    /// The root of the tree made of the first `size` leaves.
    public func root(size: Int) -> MerkleHasher.Hash { root(0..<min(size, leaves.count)) }

    /// PATH(m, D[n]): the sibling hashes from leaf `index` up to the root, nearest first.
    public func inclusionProof(leaf index: Int, size: Int) -> [MerkleHasher.Hash]? {
        guard size <= leaves.count, index >= 0, index < size else { return nil }
        return path(index, 0..<size)
    }

    /// PROOF(m, D[n]): what shows that the tree of `oldSize` leaves is a prefix of the tree of
    /// `newSize` leaves.
    public func consistencyProof(from oldSize: Int, to newSize: Int) -> [MerkleHasher.Hash]? {
        guard newSize <= leaves.count, oldSize >= 0, oldSize <= newSize else { return nil }
        if oldSize == 0 || oldSize == newSize { return [] }
        return subproof(oldSize, 0..<newSize, isWholeOldTree: true)
    }

    private func root(_ range: Range<Int>) -> MerkleHasher.Hash {
        switch range.count {
        case 0: return MerkleHasher.emptyRoot
        case 1: return leaves[range.lowerBound]
        default:
            let k = MerkleHasher.split(range.count)
            let middle = range.lowerBound + k
            return MerkleHasher.node(root(range.lowerBound..<middle), root(middle..<range.upperBound))
        }
    }

    /// §2.1.3.1: for m < k, PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]); otherwise
    /// PATH(m - k, D[k:n]) : MTH(D[0:k]).
    private func path(_ index: Int, _ range: Range<Int>) -> [MerkleHasher.Hash] {
        guard range.count > 1 else { return [] }
        let k = MerkleHasher.split(range.count)
        let middle = range.lowerBound + k
        if index < k {
            return path(index, range.lowerBound..<middle) + [root(middle..<range.upperBound)]
        }
        return path(index - k, middle..<range.upperBound) + [root(range.lowerBound..<middle)]
    }

    /// §2.1.4.1: SUBPROOF(m, D[n], b). `isWholeOldTree` is b: true while the subtree being
    /// walked is exactly the old tree's, whose root the verifier already holds.
    private func subproof(_ m: Int, _ range: Range<Int>, isWholeOldTree: Bool) -> [MerkleHasher.Hash] {
        let n = range.count
        if m == n { return isWholeOldTree ? [] : [root(range)] }
        let k = MerkleHasher.split(n)
        let middle = range.lowerBound + k
        if m <= k {
            return subproof(m, range.lowerBound..<middle, isWholeOldTree: isWholeOldTree) + [root(middle..<range.upperBound)]
        }
        return subproof(m - k, middle..<range.upperBound, isWholeOldTree: false) + [root(range.lowerBound..<middle)]
    }
}
