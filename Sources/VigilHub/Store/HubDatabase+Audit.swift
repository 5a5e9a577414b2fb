import Crypto
import Foundation
import GRDB

extension HubDatabase {
    /// Appends one entry to the audit log and signs the new tree head, in one transaction.
    @discardableResult
    public func appendAudit(
        actor: String, action: String, subject: String, detail: String, key: P256.Signing.PrivateKey
    ) async throws -> AuditTreeHead {
        // Crypto's keys are not Sendable; their bytes are.
        let keyBytes = key.rawRepresentation
        return try await pool.write { db in
            try Self.appendAudit(
                db, actor: actor, action: action, subject: subject, detail: detail,
                key: try P256.Signing.PrivateKey(rawRepresentation: keyBytes))
        }
    }

    /// The same inside a transaction that also makes the change being recorded, so that a
    /// change is never kept without its audit entry, nor an entry without its change.
    static func appendAudit(
        _ db: Database, actor: String, action: String, subject: String, detail: String, key: P256.Signing.PrivateKey
    ) throws -> AuditTreeHead {
        let leaves = try Data.fetchAll(db, sql: "SELECT leaf FROM audit_entry ORDER BY sequence").map { Array($0) }
        let time = Int64((now() * 1_000_000).rounded())
        let entry = AuditEntry(sequence: leaves.count, time: time, actor: actor, action: action, subject: subject, detail: detail)
        let leaf = entry.leafHash
        try db.execute(
            sql: "INSERT INTO audit_entry (sequence, time, actor, action, subject, detail, leaf) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [entry.sequence, entry.time, actor, action, subject, detail, Data(leaf)])
        let tree = MerkleTree(leaves: leaves + [leaf])
        let head = try AuditTreeHead.signed(size: tree.size, root: tree.root, time: time, key: key)
        try db.execute(
            sql: "INSERT INTO tree_head (size, root, time, signature) VALUES (?, ?, ?, ?)",
            arguments: [head.size, Data(head.root), head.time, Data(head.signature)])
        return head
    }

    public func auditEntries() async throws -> [AuditEntry] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_entry ORDER BY sequence").map { row in
                AuditEntry(
                    sequence: row["sequence"], time: row["time"], actor: row["actor"], action: row["action"], subject: row["subject"],
                    detail: row["detail"])
            }
        }
    }

    public func treeHeads() async throws -> [AuditTreeHead] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM tree_head ORDER BY size").map { row in
                AuditTreeHead(
                    size: row["size"], root: Array(row["root"] as Data), time: row["time"], signature: Array(row["signature"] as Data))
            }
        }
    }
}
