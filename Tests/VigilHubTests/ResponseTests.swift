import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import VigilShipper

@testable import VigilHub
@testable import VigilHubWire
@testable import VigilResponse

/// Response on the hub: playbooks read (and refused with the place of the fault), alerts
/// answered by them inside the batch's transaction, approvals by role, rulesets nft accepts,
/// and the enforcers' signed poll and report.
@Suite struct ResponseTests {
    static func notice(_ ts: Double, rule: String, level: String, src: String, dst: String) -> ShippedRecord {
        ShippedRecord(
            log: "notice",
            row:
                #"{"ts":\#(ts),"note":"Sigma::Rule_Match","msg":"m","src":"\#(src)","dst":"\#(dst)","rule_id":"\#(rule)","level":"\#(level)"}"#
        )
    }

    static func conn(_ ts: Double, _ client: String, _ server: String) -> ShippedRecord {
        ShippedRecord(
            log: "conn",
            row: #"{"ts":\#(ts),"uid":"C\#(Int(ts))","id.orig_h":"\#(client)","id.resp_h":"\#(server)","id.resp_p":502,"proto":"tcp"}"#)
    }

    @Test func shippedPlaybooksLoad() throws {
        let folder = try #require(BundledPlaybooks.folder)
        let playbooks = try PlaybookLoader.load(folder: folder)
        #expect(playbooks.count == 5)
        #expect(playbooks.filter { $0.approval == .automatic }.map(\.name) == ["block-modbus-write-flood"])
        let restore = try #require(playbooks.first { $0.action == .restore })
        #expect(restore.register == Playbook.RegisterTemplate(port: 502, unit: 1, table: .holdingRegister, address: 5, value: 5))
        #expect(restore.target == .destination)
    }

    @Test(arguments: [
        ("name: x\naction: explode\n", "line 2", "action: one of block-host"),
        ("name: x\naction: rate-limit\n", "line 1", "rate: a rate-limit needs a rate"),
        ("name: x\naction: block-host\nwhen:\n  levels: [severe]\n", "line 4", "severe is not a level"),
        ("name: x\naction: block-host\nwhen:\n  sources: [10.0.0.300]\n", "line 4", "is not an IP address"),
        ("name: x\naction: block-host\napprove: auto\n", "line 3", "unknown key approve"),
        ("name: x\naction: restore\nregister: {unit: 1, table: coil, address: 3, value: 7}\n", "line 3", "register.value"),
        ("name: x\naction: block-host\nduration: [1\n", "line 4", "not valid YAML"),
    ])
    func playbookErrorsNameTheFileLineAndKey(yaml: String, line: String, message: String) {
        do {
            _ = try PlaybookLoader.load(yaml: yaml, file: "/etc/vigil/p.yml")
            Issue.record("loaded: \(yaml)")
        } catch {
            #expect(error.description.contains("/etc/vigil/p.yml"), "\(error)")
            #expect(error.description.contains(line), "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    /// Playbooks' audit entries go with their batch: a batch that fails after its playbooks
    /// answered its alerts takes its entries with it, and the log's tree stays whole for the
    /// batches stored before and after it in the same transaction, and for the next one.
    @Test func aFailedBatchTakesItsAuditEntriesWithIt() async throws {
        let hub = try HubFixture()
        var keys: [String: P256.Signing.PrivateKey] = [:]
        for name in ["stop-1", "stop-2", "stop-3"] { keys[name] = try await hub.enroll(name) }
        // The last statement of stop-2's batch fails: its playbook has answered by then.
        try await hub.refuse("UPDATE", on: "sensor", when: "NEW.name = 'stop-2' AND NEW.last_sequence <> OLD.last_sequence")
        let playbooks = try PlaybookLoader.load(
            yaml: """
                name: block-critical
                when: {levels: [critical]}
                action: block-host
                target: source
                approval: required
                duration: 3600
                """, file: "test.yml")
        let responder = PlaybookResponder(playbooks: playbooks, auditKey: hub.home.auditKey)
        func verified(_ name: String, sequence: UInt64, source: String) throws -> VerifiedBatch {
            let records = [Self.notice(Double(sequence), rule: "s7-stop", level: "critical", src: source, dst: "10.0.0.1")]
            let made = try HubFixture.batch(name, sequence: sequence, records: records, key: keys[name]!)
            let batch = try SensorBatch(body: made.body)
            return VerifiedBatch(batch: batch, digest: Array(SHA256.hash(data: made.body)), records: try batch.records())
        }
        let outcomes = try await hub.database.store(
            batches: [
                try verified("stop-1", sequence: 1, source: "10.9.0.1"), try verified("stop-2", sequence: 1, source: "10.9.0.2"),
                try verified("stop-3", sequence: 1, source: "10.9.0.3"),
            ], responder: responder)
        #expect(try outcomes[0].get() == .stored(records: 1, missing: 0))
        #expect(throws: (any Error).self) { try outcomes[1].get() }
        #expect(try outcomes[2].get() == .stored(records: 1, missing: 0))
        _ = try await hub.database.store(batches: [try verified("stop-1", sequence: 2, source: "10.9.0.4")], responder: responder)

        #expect(try await hub.database.actions(ActionFilter()).map(\.address).sorted() == ["10.9.0.1", "10.9.0.3", "10.9.0.4"])
        let entries = try await hub.database.auditEntries()
        #expect(entries.filter { $0.action == "action-request" }.count == 3)
        let report = AuditVerifier.verify(
            entries: entries, heads: try await hub.database.treeHeads(), key: hub.home.auditKey.publicKey)
        #expect(report.isIntact, "\(report.problems)")
        // The stored edge of the tree is the one the entries give.
        let stored = try await hub.database.read { db in
            MerkleFrontier(
                subtrees: try StoreRow.fetchAll(db, sql: "SELECT height, hash FROM audit_frontier ORDER BY position").map {
                    MerkleFrontier.Subtree(height: $0["height"], hash: Array($0["hash"] as Data))
                })
        }
        let recomputed = MerkleFrontier(leaves: entries.map(\.leafHash))
        #expect(stored.size == entries.count && stored.root == recomputed.root)
    }

    @Test func alertsAreAnsweredOnceByTheirPlaybooks() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("plant-1")
        let playbooks = try PlaybookLoader.load(
            yaml: """
                name: cut-writer
                when: {rules: [write-flood]}
                action: block-pair
                approval: automatic
                duration: 600
                ---
                name: block-critical
                when: {levels: [critical]}
                action: block-host
                ---
                name: isolate-plc
                when: {rules: [firmware], destinations: [10.0.0.1]}
                action: quarantine
                target: destination
                """, file: "test.yml")
        let ingest = BatchIngest(database: hub.database, responder: PlaybookResponder(playbooks: playbooks, auditKey: hub.home.auditKey))
        let first = try HubFixture.batch(
            "plant-1", sequence: 1,
            records: [
                Self.conn(10, "10.0.0.2", "10.0.0.1"), Self.conn(11, "10.0.0.1", "10.0.0.3"), Self.conn(90, "10.0.0.66", "10.0.0.1"),
                Self.notice(100, rule: "write-flood", level: "high", src: "10.0.0.66", dst: "10.0.0.1"),
                Self.notice(101, rule: "s7-stop", level: "critical", src: "10.0.0.66", dst: "10.0.0.1"),
                Self.notice(102, rule: "firmware", level: "high", src: "10.0.0.66", dst: "10.0.0.1"),
                Self.notice(103, rule: "firmware", level: "high", src: "10.0.0.66", dst: "10.0.0.9"),
                // The same host again in the same batch: its block is already asked for.
                Self.notice(104, rule: "s7-stop", level: "critical", src: "10.0.0.66", dst: "10.0.0.7"),
            ], key: key)
        #expect(try await ingest.accept(sensor: "plant-1", signature: first.signature, body: first.body) == .stored(records: 8, missing: 0))
        let actions = try await hub.database.actions(ActionFilter())
        #expect(actions.map(\.summary) == ["block-pair 10.0.0.66 10.0.0.1", "block-host 10.0.0.66", "quarantine 10.0.0.1"])
        #expect(actions.map(\.state) == [.active, .pending, .pending])
        #expect(actions[0].version == 1 && actions[0].expires != nil && actions[0].decidedBy == "playbook:cut-writer")
        // The quarantine keeps the PLC's peers from before the alert, not the attacker.
        #expect(actions[2].allowed == ["10.0.0.2", "10.0.0.3"])

        // The same alerts again: nothing new waits, the block in force is not renewed yet.
        let again = try HubFixture.batch(
            "plant-1", sequence: 2,
            records: [
                Self.notice(200, rule: "write-flood", level: "high", src: "10.0.0.66", dst: "10.0.0.1"),
                Self.notice(201, rule: "s7-stop", level: "critical", src: "10.0.0.66", dst: "10.0.0.1"),
            ], key: key)
        _ = try await ingest.accept(sensor: "plant-1", signature: again.signature, body: again.body)
        #expect(try await hub.database.actions(ActionFilter()).count == 3)
        let audit = try await hub.database.auditEntries().map(\.action)
        #expect(audit.filter { $0 == "action-request" }.count == 3)
        #expect(audit.filter { $0 == "action-approve" }.count == 1)
    }

    @Test func rulesetsOfEveryKindPassNftCheck() throws {
        let now = 1_000_000.0
        func action(_ id: Int64, _ kind: ResponseAction.Kind, _ address: String, peer: String? = nil, state: ResponseAction.State = .active)
            -> ResponseAction
        {
            ResponseAction(
                id: id, kind: kind, address: address, peer: peer, allowed: kind == .quarantine ? ["10.0.0.2", "fd00::2"] : [],
                rate: kind == .rateLimit ? 50 : nil, register: nil, alert: nil, playbook: nil, state: state, requestedBy: "t",
                requested: now, decidedBy: "t", decided: now, duration: 60, expires: now + 59.5, version: 1, applied: nil,
                appliedBy: nil, reason: "")
        }
        let actions = [
            action(1, .blockHost, "10.0.0.66"), action(2, .blockHost, "fd00::66"), action(3, .blockPair, "10.0.0.5", peer: "10.0.0.1"),
            action(4, .blockPair, "fd00::5", peer: "fd00::1"), action(5, .quarantine, "10.0.0.1"), action(6, .quarantine, "fd00::1"),
            action(7, .rateLimit, "10.0.0.7"), action(8, .rateLimit, "fd00::7"), action(9, .blockHost, "10.0.0.99", state: .expired),
            action(10, .blockHost, "10.0.0.98", state: .pending),
        ]
        let script = NftRuleset.script(actions: actions, version: 7, now: now)
        for element in [
            "10.0.0.66 timeout 60s", "fd00::66 timeout 60s", "10.0.0.5 . 10.0.0.1 timeout 60s", "fd00::5 . fd00::1 timeout 60s",
            "10.0.0.1 . 10.0.0.2 timeout 60s", "fd00::1 . fd00::2 timeout 60s", "limit rate over 50/second",
        ] {
            #expect(script.contains(element), "\(element)")
        }
        #expect(!script.contains("10.0.0.99") && !script.contains("10.0.0.98"))
        #expect(!script.contains("10.0.0.1 . fd00::2"), "a quarantine's peers of the other family stay out of its set")
        // The system's nft is the judge of the syntax (it checks without applying).
        #expect(NftCommand().check(script) == nil, "\(NftCommand().check(script) ?? "")")
        #expect(NftCommand().check(NftRuleset.script(actions: [], version: 0, now: now)) == nil)
        #expect(NftCommand().check(script + "garbage\n") != nil, "nft -c refuses a broken script")
    }

    @Test func approvalsFollowRolesAndStates() async throws {
        let hub = try HubFixture()
        let analyst = try await hub.database.addAPIToken(name: "ana", role: .analyst)
        let admin = try await hub.database.addAPIToken(name: "adm", role: .admin)
        let viewer = try await hub.database.addAPIToken(name: "vic", role: .viewer)
        let app = try hub.server().application(logger: Logger(label: "test"))
        try await app.test(.router) { client in
            func post(_ uri: String, _ body: String, as token: String) async throws -> (HTTPResponse.Status, [String: Any]) {
                try await client.execute(
                    uri: uri, method: .post, headers: [.authorization: "Bearer \(token)"], body: ByteBuffer(string: body)
                ) {
                    ($0.status, (try? JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any]) ?? [:])
                }
            }
            let ask = #"{"kind":"block-host","address":"10.0.0.066"}"#
            #expect(try await post("/api/v1/actions", ask, as: viewer).0 == .forbidden)
            let (status, asked) = try await post("/api/v1/actions", ask, as: analyst)
            #expect(status == .created)
            #expect(asked["state"] as? String == "pending" && asked["address"] as? String == "10.0.0.66")
            let id = asked["id"] as? Int ?? 0
            #expect(try await post("/api/v1/actions/\(id)/approve", "", as: analyst).0 == .forbidden)
            let (approved, body) = try await post("/api/v1/actions/\(id)/approve", #"{"note":"seen it"}"#, as: admin)
            #expect(approved == .ok && body["state"] as? String == "active" && body["decided_by"] as? String == "adm")
            #expect(try await post("/api/v1/actions/\(id)/approve", "", as: admin).0 == .conflict)
            #expect(try await post("/api/v1/actions/\(id)/reject", "", as: admin).0 == .conflict)
            #expect(try await post("/api/v1/actions/999/approve", "", as: admin).0 == .notFound)
            #expect(try await post("/api/v1/actions", #"{"kind":"block-host","address":"224.0.0.1"}"#, as: analyst).0 == .conflict)
            #expect(
                try await post("/api/v1/actions", #"{"kind":"block-pair","address":"10.0.0.1","peer":"fd00::1"}"#, as: analyst).0
                    == .conflict)
            #expect(try await post("/api/v1/actions", #"{"kind":"wipe","address":"10.0.0.1"}"#, as: analyst).0 == .badRequest)
            let ruleset = try await client.execute(uri: "/api/v1/ruleset", method: .get, headers: [.authorization: "Bearer \(viewer)"]) {
                String(buffer: $0.body)
            }
            #expect(ruleset.contains("elements = { 10.0.0.66 timeout"))
            let (rolled, after) = try await post("/api/v1/actions/\(id)/rollback", "", as: analyst)
            #expect(rolled == .ok && after["state"] as? String == "rolled-back")
            #expect(try await post("/api/v1/actions/\(id)/rollback", "", as: analyst).0 == .conflict)
        }
        // One that ran out of time is marked expired, with an audit entry.
        var request = ActionRequest(kind: .blockHost, address: "10.0.0.5")
        request.duration = 1
        request.automatic = true
        let action = try await hub.database.request(request, by: "t", key: hub.home.auditKey)
        #expect(try await hub.database.expireActions(now: HubDatabase.now() + 2, key: hub.home.auditKey) == 1)
        #expect(try await hub.database.action(action.id)?.state == .expired)
        let audit = try await hub.database.auditEntries().map(\.action)
        for needed in ["action-request", "action-approve", "action-rollback", "action-expire"] { #expect(audit.contains(needed)) }
    }

    @Test func enforcersPollSignedAndAreWokenByAnApproval() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("gw-1", kind: .enforcer)
        // Keys as bytes: the router's test closure may only capture Sendable values.
        let enforcerBytes = key.rawRepresentation
        let sensorBytes = try await hub.enroll("plant-1").rawRepresentation
        let router = Router(context: HubRequestContext.self)
        EnforcerRoutes(database: hub.database, home: hub.home).add(to: router)
        let app = Application(router: router)
        try await app.test(.router) { client in
            func send(_ path: String, _ body: some Encodable, name: String = "gw-1", sensorSigns: Bool = false) async throws
                -> (HTTPResponse.Status, [UInt8])
            {
                let bytes = Array(try JSONEncoder().encode(body))
                let signer = try P256.Signing.PrivateKey(rawRepresentation: sensorSigns || name != "gw-1" ? sensorBytes : enforcerBytes)
                let signature = try BatchSignature.sign(bytes, with: signer)
                return try await client.execute(
                    uri: path, method: .post,
                    headers: [HTTPField.Name(HubHeader.sensor)!: name, HTTPField.Name(HubHeader.signature)!: signature],
                    body: ByteBuffer(bytes: bytes)
                ) { ($0.status, Array($0.body.readableBytesView)) }
            }
            let now = Date().timeIntervalSince1970
            let (first, body) = try await send("/enforce/v1/poll", EnforcerPoll(enforcer: "gw-1", applied: -1, time: now, wait: 0))
            #expect(first == .ok)
            #expect(try JSONDecoder().decode(EnforcerRuleset.self, from: Data(body)).version == 0)
            #expect(try await send("/enforce/v1/poll", EnforcerPoll(enforcer: "gw-1", applied: 0, time: now, wait: 0)).0 == .noContent)
            // Refused: a sensor, a stale poll, a poll naming another enforcer, a wrong key.
            #expect(
                try await send("/enforce/v1/poll", EnforcerPoll(enforcer: "plant-1", applied: 0, time: now, wait: 0), name: "plant-1").0
                    == .forbidden)
            #expect(
                try await send("/enforce/v1/poll", EnforcerPoll(enforcer: "gw-1", applied: 0, time: now - 3600, wait: 0)).0 == .forbidden)
            #expect(try await send("/enforce/v1/poll", EnforcerPoll(enforcer: "gw-2", applied: 0, time: now, wait: 0)).0 == .forbidden)
            #expect(
                try await send("/enforce/v1/poll", EnforcerPoll(enforcer: "gw-1", applied: 0, time: now, wait: 0), sensorSigns: true).0
                    == .forbidden)

            // A held poll is answered by the approval that happens while it waits (it would
            // otherwise end with 204 after its 20 s).
            var request = ActionRequest(kind: .blockHost, address: "10.0.0.66")
            request.automatic = false
            let pending = try await hub.database.request(request, by: "ana", key: hub.home.auditKey)
            async let held = send("/enforce/v1/poll", EnforcerPoll(enforcer: "gw-1", applied: 0, time: now, wait: 20))
            try await Task.sleep(for: .milliseconds(300))
            _ = try await hub.database.decide(pending.id, approve: true, by: "adm", note: "", key: hub.home.auditKey)
            let (status, answer) = try await held
            #expect(status == .ok)
            let ruleset = try JSONDecoder().decode(EnforcerRuleset.self, from: Data(answer))
            #expect(ruleset.version == 1 && ruleset.actions == [pending.id] && ruleset.ruleset.contains("10.0.0.66 timeout"))

            let report = EnforcerReport(enforcer: "gw-1", version: 1, applied: true, error: nil, restores: [], time: now)
            #expect(try await send("/enforce/v1/reports", report).0 == .noContent)
            let applied = try await hub.database.action(pending.id)
            #expect(applied?.appliedBy == "gw-1" && applied?.applied != nil)
            #expect(
                try await hub.database.auditEntries().contains { $0.action == "ruleset-applied" && $0.detail == "actions \(pending.id)" })
        }
        // An enforcer ships no batches.
        let batch = try HubFixture.batch("gw-1", sequence: 1, records: HubFixture.connRows(1), key: key)
        #expect(
            try await BatchIngest(database: hub.database).accept(sensor: "gw-1", signature: batch.signature, body: batch.body)
                == .refused("gw-1 enrolled as a enforcer, not as a sensor"))
    }
}
