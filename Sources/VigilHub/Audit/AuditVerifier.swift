import Crypto

/// Recomputes the audit log's Merkle tree from the entries themselves (never from the stored
/// leaf hashes) and checks it against every signed tree head.
///
/// What it catches: an entry changed in place (its leaf, and so every later root, differs), an
/// entry removed or two swapped (the sequence numbers inside the hashed entries no longer run
/// 0, 1, 2, … or the roots differ), entries cut off the end (the newest signed head is larger
/// than the log), and a forged head (its signature fails). What it cannot catch alone: someone
/// who deletes the newest entries *and* their heads. Heads copied out of the hub (the API
/// serves the latest; `vigil hub audit head` prints it) close that gap.
public enum AuditVerifier {
    public struct Report: Sendable {
        public var entries: Int
        public var heads: Int
        public var problems: [String]
        public var isIntact: Bool { problems.isEmpty }
    }

    public static func verify(entries: [AuditEntry], heads: [AuditTreeHead], key: P256.Signing.PublicKey) -> Report {
        var problems: [String] = []
        for (position, entry) in entries.enumerated() where entry.sequence != position {
            problems.append("entry at position \(position) says it is entry \(entry.sequence): entries were removed or reordered")
            break
        }
        let tree = MerkleTree(leaves: entries.map(\.leafHash))
        for head in heads {
            if !head.isSigned(by: key) {
                problems.append("tree head of size \(head.size): its signature is not the hub's audit key's")
                continue
            }
            if head.size > entries.count {
                problems.append(
                    "tree head of size \(head.size) was signed, but the log holds \(entries.count) entries: entries were removed")
                continue
            }
            if tree.root(size: head.size) != head.root {
                problems.append(
                    "tree head of size \(head.size): the entries now give another root: entry \(firstChanged(tree, head: head, heads: heads)) or one before it was changed"
                )
            }
        }
        if let newest = heads.last, newest.size < entries.count {
            problems.append("entries \(newest.size)…\(entries.count - 1) are not covered by any signed tree head")
        }
        return Report(entries: entries.count, heads: heads.count, problems: problems)
    }

    /// The last entry of the largest head that still agrees: the change is after it.
    private static func firstChanged(_ tree: MerkleTree, head: AuditTreeHead, heads: [AuditTreeHead]) -> Int {
        let agreeing = heads.filter { $0.size <= head.size && $0.size <= tree.size && tree.root(size: $0.size) == $0.root }
        return agreeing.map(\.size).max() ?? 0
    }
}
