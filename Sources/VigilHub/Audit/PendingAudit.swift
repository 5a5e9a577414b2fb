/// What a transaction has appended to the audit log and not yet stored, and the tree's right
/// edge after it.
///
/// A playbook answering a burst of alerts appends an entry for each. Reading the edge, then
/// writing the entry, its signed head and the edge anew for every one was a dozen round trips
/// per entry on PostgreSQL; now the edge is read once per transaction and the entries, heads
/// and edge are written together when the transaction ends.
struct PendingAudit {
    var frontier: MerkleFrontier
    var entries: [(entry: AuditEntry, leaf: MerkleHasher.Hash)] = []
    var heads: [AuditTreeHead] = []
}
