import Crypto
import Foundation

extension HubDatabase {
    /// Appends one entry to the audit log and signs the new tree head, in one transaction.
    @discardableResult
    public func appendAudit(
        actor: String, action: String, subject: String, detail: String, key: P256.Signing.PrivateKey
    ) async throws -> AuditTreeHead {
        // Crypto's keys are not Sendable; their bytes are.
        let keyBytes = key.rawRepresentation
        return try await write { db in
            try Self.appendAudit(
                db, actor: actor, action: action, subject: subject, detail: detail,
                key: try P256.Signing.PrivateKey(rawRepresentation: keyBytes))
        }
    }

    /// The same inside a transaction that also makes the change being recorded, so that a
    /// change is never kept without its audit entry, nor an entry without its change.
    static func appendAudit(
        _ db: StoreTransaction, actor: String, action: String, subject: String, detail: String, key: P256.Signing.PrivateKey
    ) throws -> AuditTreeHead {
        var pending = try db.pendingAudit ?? PendingAudit(frontier: auditFrontier(db))
        let time = Int64((now() * 1_000_000).rounded())
        let entry = AuditEntry(
            sequence: pending.frontier.size, time: time, actor: actor, action: action, subject: subject, detail: detail)
        let leaf = entry.leafHash
        pending.frontier.append(leaf)
        let head = try AuditTreeHead.signed(size: pending.frontier.size, root: pending.frontier.root, time: time, key: key)
        pending.entries.append((entry, leaf))
        pending.heads.append(head)
        db.pendingAudit = pending
        return head
    }

    /// Stores what the transaction appended to the audit log and the tree's new right edge.
    /// Called before a transaction commits; a transaction rolled back takes its pending
    /// entries with it.
    static func storePendingAudit(_ db: StoreTransaction) throws {
        guard var pending = db.pendingAudit, !pending.entries.isEmpty else { return }
        var entries = BatchedInsert(
            db, into: "audit_entry", columns: ["sequence", "time", "actor", "action", "subject", "detail", "leaf"], flushesWhenFull: false)
        for (entry, leaf) in pending.entries {
            try entries.add([entry.sequence, entry.time, entry.actor, entry.action, entry.subject, entry.detail, Data(leaf)])
        }
        try entries.flush()
        var heads = BatchedInsert(db, into: "tree_head", columns: ["size", "root", "time", "signature"], flushesWhenFull: false)
        for head in pending.heads { try heads.add([head.size, Data(head.root), head.time, Data(head.signature)]) }
        try heads.flush()
        try db.execute(sql: "DELETE FROM audit_frontier")
        var subtrees = BatchedInsert(db, into: "audit_frontier", columns: ["position", "height", "hash"], flushesWhenFull: false)
        for (position, subtree) in pending.frontier.subtrees.enumerated() {
            try subtrees.add([position, subtree.height, Data(subtree.hash)])
        }
        try subtrees.flush()
        pending.entries.removeAll()
        pending.heads.removeAll()
        db.pendingAudit = pending
    }

    /// The audit tree's right edge as stored, checked against the log's length; rebuilt from
    /// every leaf when it is missing or does not fit (a database from before it was kept).
    static func auditFrontier(_ db: StoreTransaction) throws -> MerkleFrontier {
        // The log's length from its last sequence number, an index lookup, where count(*)
        // reads every entry on PostgreSQL. A gap in the numbers is for `audit verify` to find.
        let count = try Int.fetchOne(db, sql: "SELECT coalesce(max(sequence) + 1, 0) FROM audit_entry") ?? 0
        let stored = MerkleFrontier(
            subtrees: try StoreRow.fetchAll(db, sql: "SELECT height, hash FROM audit_frontier ORDER BY position").map {
                MerkleFrontier.Subtree(height: $0["height"], hash: Array($0["hash"] as Data))
            })
        if stored.size == count { return stored }
        return MerkleFrontier(leaves: try Data.fetchAll(db, sql: "SELECT leaf FROM audit_entry ORDER BY sequence").map { Array($0) })
    }

    public func auditEntries() async throws -> [AuditEntry] {
        try await read { db in
            try StoreRow.fetchAll(db, sql: "SELECT * FROM audit_entry ORDER BY sequence").map { row in
                AuditEntry(
                    sequence: row["sequence"], time: row["time"], actor: row["actor"], action: row["action"], subject: row["subject"],
                    detail: row["detail"])
            }
        }
    }

    public func treeHeads() async throws -> [AuditTreeHead] {
        try await read { db in
            try StoreRow.fetchAll(db, sql: "SELECT * FROM tree_head ORDER BY size").map { row in
                AuditTreeHead(
                    size: row["size"], root: Array(row["root"] as Data), time: row["time"], signature: Array(row["signature"] as Data))
            }
        }
    }
}
