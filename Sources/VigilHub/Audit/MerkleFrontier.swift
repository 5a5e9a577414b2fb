/// The right edge of an RFC 9162 Merkle tree: the roots of the perfect subtrees that a tree of
/// `size` leaves splits into (one per set bit of `size`, largest first). Appending a leaf and
/// computing the root need only these, at most 64 hashes, where `MerkleTree` needs every leaf:
/// the hub appends to its audit log inside other transactions (a batch whose alert asked for a
/// response), and reading every leaf there would grow with the log.
public struct MerkleFrontier: Sendable, Equatable {
    public struct Subtree: Sendable, Equatable {
        /// 2^height leaves.
        public var height: Int
        public var hash: MerkleHasher.Hash
    }

    public private(set) var subtrees: [Subtree] = []

    public init(subtrees: [Subtree] = []) { self.subtrees = subtrees }

    public init(leaves: [MerkleHasher.Hash]) {
        for leaf in leaves { append(leaf) }
    }

    public var size: Int { subtrees.reduce(0) { $0 + 1 << $1.height } }

    /// Adds a leaf hash: two subtrees of one height become one of the next, as binary addition
    /// carries.
    public mutating func append(_ leaf: MerkleHasher.Hash) {
        subtrees.append(Subtree(height: 0, hash: leaf))
        while subtrees.count >= 2, subtrees[subtrees.count - 1].height == subtrees[subtrees.count - 2].height {
            let right = subtrees.removeLast()
            let left = subtrees.removeLast()
            subtrees.append(Subtree(height: left.height + 1, hash: MerkleHasher.node(left.hash, right.hash)))
        }
    }

    /// MTH of the whole tree (RFC 9162 §2.1.1): the largest subtree is the left child of the
    /// root, the rest, folded the same way from the right, its right child.
    public var root: MerkleHasher.Hash {
        guard var folded = subtrees.last?.hash else { return MerkleHasher.emptyRoot }
        for subtree in subtrees.dropLast().reversed() { folded = MerkleHasher.node(subtree.hash, folded) }
        return folded
    }
}
