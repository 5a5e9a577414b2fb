import Foundation
import Testing

@testable import VigilHub

/// RFC 9162's tree hashing and proofs against transparency-dev/merkle's test vectors
/// (../shared/data/merkle): every happy path must verify and every corrupted variant (a wrong
/// index, size, root or leaf, a flipped bit, a component added or removed) must not.
@Suite struct MerkleTreeTests {
    static let vectors = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data/merkle/testdata").standardizedFileURL

    /// The leaf inputs the vectors' generator uses (RFC 6962's reference tests).
    static let referenceLeaves: [[UInt8]] = [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        Array(0x50...0x57), Array(0x60...0x6f),
    ]

    /// Indexes are Go uint64s; some vectors use 2^64 - 1, which no tree of ours can have.
    struct InclusionVector: Decodable {
        let leafIdx: UInt64
        let treeSize: UInt64
        let root: String?
        let leafHash: String?
        let proof: [String]?
        let wantErr: Bool
    }

    struct ConsistencyVector: Decodable {
        let size1: Int
        let size2: Int
        let root1: String?
        let root2: String?
        let proof: [String]?
        let wantErr: Bool
    }

    static func files(_ kind: String) throws -> [URL] {
        let root = vectors.appendingPathComponent(kind)
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        let found = (walker?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "json" }
        return found.sorted { $0.path < $1.path }
    }

    static func hash(_ text: String?) -> [UInt8] { Array(Data(base64Encoded: text ?? "") ?? Data()) }

    @Test func everyInclusionVectorVerifiesExactlyWhenItShould() throws {
        let files = try Self.files("inclusion")
        #expect(files.count >= 90)
        for file in files {
            let v = try JSONDecoder().decode(InclusionVector.self, from: Data(contentsOf: file))
            guard let index = Int(exactly: v.leafIdx), let size = Int(exactly: v.treeSize) else {
                #expect(v.wantErr, "\(file.path)")
                continue
            }
            let verified = MerkleProof.verifyInclusion(
                leafHash: Self.hash(v.leafHash), index: index, size: size, proof: (v.proof ?? []).map(Self.hash), root: Self.hash(v.root))
            #expect(verified == !v.wantErr, "\(file.path)")
        }
    }

    @Test func everyConsistencyVectorVerifiesExactlyWhenItShould() throws {
        let files = try Self.files("consistency")
        #expect(files.count >= 90)
        for file in files {
            let v = try JSONDecoder().decode(ConsistencyVector.self, from: Data(contentsOf: file))
            let verified = MerkleProof.verifyConsistency(
                oldSize: v.size1, newSize: v.size2, oldRoot: Self.hash(v.root1), newRoot: Self.hash(v.root2),
                proof: (v.proof ?? []).map(Self.hash))
            #expect(verified == !v.wantErr, "\(file.path)")
        }
    }

    /// The proofs and roots the tree builds equal the vectors' happy paths, so the hub's own
    /// proofs are the ones any RFC 9162 client expects.
    @Test func builtProofsEqualTheHappyPaths() throws {
        let tree = MerkleTree(leaves: Self.referenceLeaves.map { MerkleHasher.leaf($0) })
        for folder in 0...4 {
            let inclusionFile = Self.vectors.appendingPathComponent("inclusion/\(folder)/happy-path.json")
            let i = try JSONDecoder().decode(InclusionVector.self, from: Data(contentsOf: inclusionFile))
            #expect(tree.root(size: Int(i.treeSize)) == Self.hash(i.root))
            #expect(tree.leaves[Int(i.leafIdx)] == Self.hash(i.leafHash))
            #expect(tree.inclusionProof(leaf: Int(i.leafIdx), size: Int(i.treeSize)) == (i.proof ?? []).map(Self.hash))

            let consistencyFile = Self.vectors.appendingPathComponent("consistency/\(folder)/happy-path.json")
            let c = try JSONDecoder().decode(ConsistencyVector.self, from: Data(contentsOf: consistencyFile))
            #expect(tree.root(size: c.size1) == Self.hash(c.root1))
            #expect(tree.consistencyProof(from: c.size1, to: c.size2) == (c.proof ?? []).map(Self.hash))
        }
    }

    /// Every leaf of every tree size up to 8, and every pair of sizes: what the tree proves,
    /// the verifier accepts.
    @Test func everyProofTheTreeBuildsVerifies() {
        let tree = MerkleTree(leaves: Self.referenceLeaves.map { MerkleHasher.leaf($0) })
        for size in 1...8 {
            for index in 0..<size {
                let proof = tree.inclusionProof(leaf: index, size: size) ?? [[0]]
                #expect(
                    MerkleProof.verifyInclusion(
                        leafHash: tree.leaves[index], index: index, size: size, proof: proof, root: tree.root(size: size)))
            }
            for old in 1...size {
                let proof = tree.consistencyProof(from: old, to: size) ?? [[0]]
                #expect(
                    MerkleProof.verifyConsistency(
                        oldSize: old, newSize: size, oldRoot: tree.root(size: old), newRoot: tree.root(size: size), proof: proof))
            }
        }
        #expect(tree.root(size: 0) == MerkleHasher.emptyRoot)
        #expect(tree.inclusionProof(leaf: 8, size: 8) == nil)
    }

    /// The right edge the hub keeps gives the root of the whole tree at every size.
    @Test func theFrontierGivesEveryRootTheTreeDoes() {
        let leaves = (0..<300).map { MerkleHasher.leaf([UInt8(truncatingIfNeeded: $0), UInt8($0 >> 8)]) }
        var frontier = MerkleFrontier()
        #expect(frontier.root == MerkleHasher.emptyRoot)
        let tree = MerkleTree(leaves: leaves)
        for (i, leaf) in leaves.enumerated() {
            frontier.append(leaf)
            #expect(frontier.size == i + 1)
            #expect(frontier.root == tree.root(size: i + 1), "size \(i + 1)")
            // One subtree per set bit of the size.
            #expect(frontier.subtrees.count == (i + 1).nonzeroBitCount)
        }
    }
}
