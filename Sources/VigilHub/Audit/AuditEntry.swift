import Foundation

/// One action an analyst, an administrator or the hub itself took: a leaf of the audit log's
/// Merkle tree.
public struct AuditEntry: Codable, Sendable, Equatable {
    /// 0 for the first entry, then one more each time: the leaf's index in the tree.
    public var sequence: Int
    /// Microseconds since 1970. An integer, so that the leaf bytes are the same on every
    /// platform (a floating-point time could print differently).
    public var time: Int64
    /// Who acted: a user's name, `sensor:NAME`, or `hub` for what the hub does by itself.
    public var actor: String
    /// What was done: `enroll`, `revoke`, `enroll-token`, `sign-in`, …
    public var action: String
    /// What it was done to: a sensor's name, a user's name, an alert's id.
    public var subject: String
    /// Anything else worth keeping, in words.
    public var detail: String

    public init(sequence: Int, time: Int64, actor: String, action: String, subject: String, detail: String) {
        self.sequence = sequence
        self.time = time
        self.actor = actor
        self.action = action
        self.subject = subject
        self.detail = detail
    }

    /// The bytes the leaf hashes: the entry as JSON with sorted keys, so that any change to any
    /// field, or moving the entry to another place in the log, changes the leaf.
    public var leafBytes: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(self)) ?? Data())
    }

    public var leafHash: MerkleHasher.Hash { MerkleHasher.leaf(leafBytes) }
}
