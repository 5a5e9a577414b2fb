import Foundation
import Testing

@testable import VigilHub

/// The audit log catches each kind of tampering done directly in the database file: an entry
/// changed, removed, reordered, cut off the end, and a tree head forged.
@Suite struct AuditLogTests {
    /// A hub whose audit log holds `count` entries (after the one `init` adds none: the fixture
    /// appends them all).
    static func hub(entries count: Int) async throws -> HubFixture {
        let hub = try HubFixture()
        for i in 0..<count {
            try await hub.database.appendAudit(
                actor: "analyst\(i % 2)", action: "alert-close", subject: "alert-\(i)", detail: "closed as benign", key: hub.home.auditKey)
        }
        return hub
    }

    static func verify(_ hub: HubFixture) async throws -> AuditVerifier.Report {
        AuditVerifier.verify(
            entries: try await hub.database.auditEntries(), heads: try await hub.database.treeHeads(), key: hub.home.auditKey.publicKey)
    }

    /// Edits the database behind the hub's back, as an intruder with the file (or the
    /// PostgreSQL server) would: one statement per line, each `?` bound to a byte 0.
    static func tamper(_ hub: HubFixture, _ sql: String) async throws {
        try await hub.database.write { db in
            for statement in sql.split(separator: "\n") {
                try db.execute(sql: String(statement), arguments: StoreArguments(statement.filter { $0 == "?" }.map { _ in Data([0]) }))
            }
        }
    }

    @Test func anUntouchedLogIsIntactAndItsHeadsProveEachOther() async throws {
        let hub = try await Self.hub(entries: 7)
        let report = try await Self.verify(hub)
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.entries == 7 && report.heads == 7)
        let heads = try await hub.database.treeHeads()
        let tree = MerkleTree(leaves: try await hub.database.auditEntries().map(\.leafHash))
        for old in heads {
            let proof = tree.consistencyProof(from: old.size, to: 7) ?? []
            #expect(MerkleProof.verifyConsistency(oldSize: old.size, newSize: 7, oldRoot: old.root, newRoot: heads[6].root, proof: proof))
        }
    }

    /// A log written before the hub kept its tree's right edge (or one whose edge is lost)
    /// goes on with the right roots: the edge is rebuilt from the leaves.
    @Test func aLogWithoutItsStoredEdgeGoesOnIntact() async throws {
        let hub = try await Self.hub(entries: 11)
        try await Self.tamper(hub, "DELETE FROM audit_frontier")
        for i in 0..<6 {
            try await hub.database.appendAudit(
                actor: "ops", action: "alert-close", subject: "late-\(i)", detail: "", key: hub.home.auditKey)
        }
        let report = try await Self.verify(hub)
        #expect(report.isIntact && report.entries == 17 && report.heads == 17, "\(report.problems)")
    }

    @Test func anEntryChangedInPlaceIsFound() async throws {
        let hub = try await Self.hub(entries: 6)
        try await Self.tamper(hub, "UPDATE audit_entry SET detail = 'closed as benign (edited)' WHERE sequence = 3")
        let report = try await Self.verify(hub)
        #expect(!report.isIntact)
        #expect(report.problems.contains { $0.contains("tree head of size 4") && $0.contains("entry 3") })
        #expect(!report.problems.contains { $0.contains("tree head of size 3") })
    }

    @Test func anEntryChangedTogetherWithItsStoredLeafIsFound() async throws {
        let hub = try await Self.hub(entries: 4)
        try await Self.tamper(hub, "UPDATE audit_entry SET actor = 'someone-else', leaf = ? WHERE sequence = 0")
        #expect(!(try await Self.verify(hub)).isIntact)
    }

    @Test func aRemovedEntryIsFound() async throws {
        let hub = try await Self.hub(entries: 5)
        try await Self.tamper(hub, "DELETE FROM audit_entry WHERE sequence = 2")
        let report = try await Self.verify(hub)
        #expect(report.problems.contains { $0.contains("removed or reordered") })
    }

    @Test func swappedEntriesAreFound() async throws {
        let hub = try await Self.hub(entries: 5)
        try await Self.tamper(
            hub,
            """
            UPDATE audit_entry SET sequence = -1 WHERE sequence = 1;
            UPDATE audit_entry SET sequence = 1 WHERE sequence = 2;
            UPDATE audit_entry SET sequence = 2 WHERE sequence = -1;
            """)
        #expect(!(try await Self.verify(hub)).isIntact)
    }

    @Test func entriesCutOffTheEndAreFound() async throws {
        let hub = try await Self.hub(entries: 5)
        try await Self.tamper(hub, "DELETE FROM audit_entry WHERE sequence >= 3")
        let report = try await Self.verify(hub)
        #expect(report.problems.contains { $0.contains("tree head of size 5") && $0.contains("removed") })
    }

    @Test func aForgedHeadIsFound() async throws {
        let hub = try await Self.hub(entries: 3)
        try await Self.tamper(hub, "UPDATE tree_head SET time = time + 1 WHERE size = 2")
        let report = try await Self.verify(hub)
        #expect(report.problems == ["tree head of size 2: its signature is not the hub's audit key's"])
    }

    @Test func anEntryNoHeadCoversIsNamed() async throws {
        let hub = try await Self.hub(entries: 3)
        try await Self.tamper(hub, "INSERT INTO audit_entry VALUES (3, 0, 'x', 'y', 'z', 'w', ?)")
        let report = try await Self.verify(hub)
        #expect(report.problems == ["entries 3…3 are not covered by any signed tree head"])
    }
}
