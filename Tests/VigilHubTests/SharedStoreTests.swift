import Crypto
import Foundation
import Testing
import VigilResponse

@testable import VigilHub
@testable import VigilHubWire

/// Two hubs on one store, as a city running several hubs on one PostgreSQL database does (or a
/// hub and a command beside it on one SQLite file): everything both are sent is kept exactly
/// once, and the audit log both append to at the same moments stays one intact tree.
@Suite struct SharedStoreTests {
    @Test func twoHubsOnOneStoreLoseAndDuplicateNothing() async throws {
        let hub = try HubFixture()
        let stores = [hub.database, try hub.openAgain()]
        // Crypto's keys are not Sendable; their bytes are.
        let sensorKeys = [try await hub.enroll("north").rawRepresentation, try await hub.enroll("south").rawRepresentation]
        let auditKey = hub.home.auditKey.rawRepresentation
        let auditBefore = try await hub.database.auditEntries().count
        let (batches, rows, notes) = (12, 50, 20)

        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, name) in ["north", "south"].enumerated() {
                // Each sensor sends in order, as its spool does; its batches alternate between the hubs.
                group.addTask {
                    let key = try P256.Signing.PrivateKey(rawRepresentation: sensorKeys[index])
                    for sequence in 1...batches {
                        let batch = try HubFixture.batch(
                            name, sequence: UInt64(sequence),
                            records: HubFixture.connRows(rows, from: (index * 1000 + sequence) * rows), key: key)
                        let outcome = try await BatchIngest(database: stores[sequence % 2]).accept(
                            sensor: name, signature: batch.signature, body: batch.body)
                        #expect(outcome == .stored(records: rows, missing: 0), "\(name) batch \(sequence)")
                    }
                }
            }
            for note in 0..<notes {
                group.addTask {
                    try await stores[note % 2].appendAudit(
                        actor: "test", action: "note", subject: "\(note)", detail: "",
                        key: try P256.Signing.PrivateKey(rawRepresentation: auditKey))
                }
            }
            try await group.waitForAll()
        }

        #expect(try await stores[0].eventCounts() == ["conn": 2 * batches * rows])
        for name in ["north", "south"] {
            let sensor = try await stores[1].sensor(named: name)
            #expect(sensor?.lastSequence == UInt64(batches) && sensor?.missingBatches == 0)
        }
        let entries = try await stores[1].auditEntries()
        #expect(entries.count == auditBefore + notes)
        let report = AuditVerifier.verify(entries: entries, heads: try await stores[0].treeHeads(), key: hub.home.auditKey.publicKey)
        #expect(report.isIntact)
    }
}

extension SharedStoreTests {
    /// An enforcer's held poll on one hub wakes when an analyst approves a block on another:
    /// the change reaches every hub on the PostgreSQL database, not only the one that made it.
    @Test(.enabled(if: HubFixture.postgresServer != nil, "hubs share a store only on PostgreSQL"))
    func aChangeOnOneHubWakesTheOthersPolls() async throws {
        let hub = try HubFixture()
        let other = try hub.openAgain()
        other.followOtherHubs()
        let seen = await other.responseChanges.generation
        // The other hub starts listening a moment after it opens the store: blocks are approved
        // until one wakes it, each waited for half a second, for up to a minute (the whole
        // suite, running at once on two cores, has made each turn take seconds).
        let deadline = ContinuousClock.now + .seconds(60)
        var woken = false
        while !woken && ContinuousClock.now < deadline {
            let action = try await hub.database.request(
                ActionRequest(kind: .blockHost, address: "10.0.0.5"), by: "ana", key: hub.home.auditKey)
            _ = try await hub.database.decide(action.id, approve: true, by: "ada", note: "", key: hub.home.auditKey)
            await other.responseChanges.wait(after: seen, seconds: 0.5)
            woken = await other.responseChanges.generation > seen
        }
        #expect(woken, "no change made on one hub woke the other's polls")
    }
}
