import Crypto
import Foundation
import Testing

@testable import VigilHub
@testable import VigilHubWire

/// What the hub stores and refuses, batch by batch: each event stored exactly once whatever is
/// resent, and every forged, replayed, reordered or malformed batch refused with its reason.
@Suite struct BatchIngestTests {
    @Test func aBatchIsStoredOnceHoweverOftenItIsSent() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("stop-1")
        let ingest = BatchIngest(database: hub.database)
        let first = try HubFixture.batch("stop-1", sequence: 1, records: HubFixture.connRows(3), key: key)
        #expect(try await ingest.accept(sensor: "stop-1", signature: first.signature, body: first.body) == .stored(records: 3, missing: 0))
        #expect(try await ingest.accept(sensor: "stop-1", signature: first.signature, body: first.body) == .duplicate)
        let second = try HubFixture.batch("stop-1", sequence: 2, records: HubFixture.connRows(2, from: 3), key: key)
        #expect(
            try await ingest.accept(sensor: "stop-1", signature: second.signature, body: second.body) == .stored(records: 2, missing: 0))
        #expect(try await hub.database.eventCounts() == ["conn": 5])
        let page = try await hub.database.events(log: "conn", limit: 10)
        #expect(page.map(\.row).contains(#"{"proto":"tcp","ts":4,"uid":"C4"}"#) || page.count == 5)
        #expect(try await hub.database.refusals().isEmpty)
    }

    /// A batch is acknowledged once its transaction commits, and the sensor then deletes it:
    /// on SQLite the writer syncs the log at every commit (synchronous FULL, 2), not only at
    /// checkpoints as GRDB's pools do by default.
    @Test func sqliteCommitsReachTheDiskBeforeABatchIsAcknowledged() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try HubDatabase(path: directory.appendingPathComponent("hub.db").path)
        let level = try await database.write { db in try Int64.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(level == 2)
    }

    /// More alerts than go in one statement, two conn rows between each: each alert is stored with its
    /// own notice row, in order, and counted once per day.
    @Test func aBatchOfManyAlertsKeepsEachWithItsNoticeRow() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("stop-1")
        let records = (0..<300).map { i in
            i % 3 != 1
                ? ShippedRecord(log: "conn", row: #"{"ts":\#(1000 + i).0,"uid":"C\#(i)","id.orig_h":"10.0.0.1","id.resp_h":"10.0.0.2"}"#)
                : ShippedRecord(log: "notice", row: #"{"ts":\#(1000 + i).0,"note":"Sigma::Rule_Match","msg":"alert \#(i)","level":"high"}"#)
        }
        let batch = try HubFixture.batch("stop-1", sequence: 1, records: records, key: key)
        #expect(
            try await BatchIngest(database: hub.database).accept(sensor: "stop-1", signature: batch.signature, body: batch.body)
                == .stored(records: 300, missing: 0))
        #expect(try await hub.database.eventCounts() == ["conn": 200, "notice": 100])
        let alerts = try await hub.database.alerts(limit: 1000)
        #expect(alerts.map(\.message) == (0..<100).map { "alert \(3 * $0 + 1)" })
        for alert in alerts { #expect(alert.row.contains(#""msg":"\#(alert.message)""#), "\(alert.id)") }
        #expect(try await hub.database.overview().alertDays.map(\.count).reduce(0, +) == 100)
    }

    /// Values holding the characters that PostgreSQL's COPY text format escapes (tab, newline,
    /// carriage return, backslash), its NULL marker spelled out, and text beyond ASCII are
    /// stored as they were sent, on either store.
    @Test func rowsAreStoredByteForByte() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("stop-1")
        let rows = [
            #"{"ts":1.5,"uid":"C\t1\\N","note":"Sigma::Rule_Match","msg":"tab\there, line\nbreak\r\nback\\slash \\N \\t Zürich ✓","level":"high"}"#,
            #"{"ts":2,"uid":"C2","proto":"tcp","path":"C:\\Windows\\x"}"#,
        ]
        let records = [ShippedRecord(log: "notice", row: rows[0]), ShippedRecord(log: "conn", row: rows[1])]
        let batch = try HubFixture.batch("stop-1", sequence: 1, records: records, key: key)
        #expect(
            try await BatchIngest(database: hub.database).accept(sensor: "stop-1", signature: batch.signature, body: batch.body)
                == .stored(records: 2, missing: 0))
        let stored = try await hub.database.read { db in
            try StoreRow.fetchAll(db, sql: "SELECT uid, row FROM event ORDER BY id").map { row -> [String?] in [row["uid"], row["row"]] }
        }
        #expect(stored == [["C\t1\\N", rows[0]], ["C2", rows[1]]])
        let alerts = try await hub.database.alerts(limit: 10)
        #expect(alerts.map(\.message) == ["tab\there, line\nbreak\r\nback\\slash \\N \\t Zürich ✓"])
    }

    /// Batches stored in one transaction each keep their own outcome: one the store fails on
    /// is rolled back alone (here a trigger refuses its rows), and the others are kept whole.
    @Test func batchesStoredTogetherFailAlone() async throws {
        let hub = try HubFixture()
        var keys: [String: P256.Signing.PrivateKey] = [:]
        for name in ["stop-1", "stop-2", "stop-3"] { keys[name] = try await hub.enroll(name) }
        try await hub.refuse("INSERT", on: "event", when: "NEW.log = 'poison'")
        func verified(_ name: String, _ records: [ShippedRecord]) throws -> VerifiedBatch {
            let made = try HubFixture.batch(name, sequence: 1, records: records, key: keys[name]!)
            let batch = try SensorBatch(body: made.body)
            return VerifiedBatch(batch: batch, digest: Array(SHA256.hash(data: made.body)), records: try batch.records())
        }
        let outcomes = try await hub.database.store(batches: [
            try verified("stop-1", HubFixture.connRows(2)),
            try verified("stop-2", HubFixture.connRows(1) + [ShippedRecord(log: "poison", row: #"{"ts":1}"#)]),
            try verified("stop-3", HubFixture.connRows(3)),
        ])
        #expect(try outcomes[0].get() == .stored(records: 2, missing: 0))
        #expect(throws: (any Error).self) { try outcomes[1].get() }
        #expect(try outcomes[2].get() == .stored(records: 3, missing: 0))
        #expect(try await hub.database.eventCounts(sensor: "stop-1") == ["conn": 2])
        #expect(try await hub.database.eventCounts(sensor: "stop-2").isEmpty)
        #expect(try await hub.database.eventCounts(sensor: "stop-3") == ["conn": 3])
        // The failed batch was not recorded as stored: its resend is stored, not a duplicate.
        #expect(try await hub.database.sensor(named: "stop-2")?.lastSequence == 0)
    }

    /// Sensors sending at once are stored in groups, and each gets its own answer.
    @Test func concurrentSensorsEachGetTheirOwnOutcome() async throws {
        let hub = try HubFixture()
        let names = (1...6).map { "stop-\($0)" }
        var batches: [(name: String, signature: String, body: [UInt8])] = []
        for name in names {
            let key = try await hub.enroll(name)
            for sequence in 1...3 {
                let made = try HubFixture.batch(
                    name, sequence: UInt64(sequence), records: HubFixture.connRows(4, from: sequence * 10), key: key)
                batches.append((name, made.signature, made.body))
            }
        }
        let ingest = BatchIngest(database: hub.database)
        // Each sensor sends its three batches in order, all sensors at once; a forged batch
        // among them is refused without touching the others.
        let outcomes = try await withThrowingTaskGroup(of: [IngestOutcome].self) { group in
            for name in names {
                let own = batches.filter { $0.name == name }
                group.addTask {
                    var outcomes: [IngestOutcome] = []
                    for batch in own {
                        outcomes.append(try await ingest.accept(sensor: name, signature: batch.signature, body: batch.body))
                    }
                    outcomes.append(try await ingest.accept(sensor: name, signature: own[0].signature, body: own[1].body))
                    return outcomes
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for perSensor in outcomes {
            #expect(perSensor.prefix(3).allSatisfy { $0 == .stored(records: 4, missing: 0) })
            if case .refused = perSensor[3] {} else { Issue.record("a forged batch was not refused: \(perSensor[3])") }
        }
        #expect(try await hub.database.eventCounts() == ["conn": 6 * 3 * 4])
    }

    @Test func forgedReplayedReorderedAndMalformedBatchesAreRefusedAndKept() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("stop-1")
        let otherKey = try await hub.enroll("stop-2")
        let ingest = BatchIngest(database: hub.database)
        let one = try HubFixture.batch("stop-1", sequence: 1, records: HubFixture.connRows(1), key: key)
        let three = try HubFixture.batch("stop-1", sequence: 3, records: HubFixture.connRows(1, from: 3), key: key)
        #expect(try await ingest.accept(sensor: "stop-1", signature: one.signature, body: one.body) == .stored(records: 1, missing: 0))
        #expect(try await ingest.accept(sensor: "stop-1", signature: three.signature, body: three.body) == .stored(records: 1, missing: 1))

        func refusal(_ outcome: IngestOutcome) -> String? {
            if case .refused(let reason) = outcome { return reason }
            return nil
        }
        // Signed by another sensor's key.
        let forged = try HubFixture.batch("stop-1", sequence: 4, records: HubFixture.connRows(1), key: otherKey)
        #expect(
            refusal(try await ingest.accept(sensor: "stop-1", signature: forged.signature, body: forged.body))?.contains("signature")
                == true)
        // One byte changed after signing.
        var changed = three.body
        changed[changed.count - 3] ^= 0x01
        #expect(
            refusal(try await ingest.accept(sensor: "stop-1", signature: three.signature, body: changed))?.contains("signature") == true)
        // The same sequence number with other content.
        let replay = try HubFixture.batch("stop-1", sequence: 3, records: HubFixture.connRows(2, from: 9), key: key)
        #expect(
            refusal(try await ingest.accept(sensor: "stop-1", signature: replay.signature, body: replay.body))?.contains("replay") == true)
        // Batch 2, which the hub counted missing, arriving late.
        let late = try HubFixture.batch("stop-1", sequence: 2, records: HubFixture.connRows(1, from: 2), key: key)
        #expect(
            refusal(try await ingest.accept(sensor: "stop-1", signature: late.signature, body: late.body))?.contains("out of order") == true
        )
        // Another sensor's name in the header.
        let impostor = try HubFixture.batch("stop-2", sequence: 1, records: HubFixture.connRows(1), key: key)
        #expect(
            refusal(try await ingest.accept(sensor: "stop-1", signature: impostor.signature, body: impostor.body))?.contains(
                "says it is from") == true)
        // Unsigned, unnamed, unknown.
        #expect(refusal(try await ingest.accept(sensor: "stop-1", signature: nil, body: one.body))?.contains("not signed") == true)
        #expect(refusal(try await ingest.accept(sensor: nil, signature: one.signature, body: one.body))?.contains("does not name") == true)
        #expect(
            refusal(try await ingest.accept(sensor: "nobody", signature: one.signature, body: one.body))?.contains("unknown sensor") == true
        )
        // Malformed: the header's count disagrees with the lines.
        var text = String(
            decoding: try HubFixture.batch("stop-1", sequence: 5, records: HubFixture.connRows(2), key: key).body, as: UTF8.self)
        text = text.replacingOccurrences(of: "\"records\":2", with: "\"records\":3")
        let malformed = Array(text.utf8)
        let reason = refusal(
            try await ingest.accept(sensor: "stop-1", signature: try BatchSignature.sign(malformed, with: key), body: malformed))
        #expect(reason?.contains("announces 3 records") == true)

        #expect(try await hub.database.eventCounts() == ["conn": 2])
        #expect(try await hub.database.refusals().count == 9)
        #expect(try await hub.database.sensor(named: "stop-1")?.missingBatches == 1)
    }

    @Test func aRevokedSensorIsRefused() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("stop-1")
        #expect(try await hub.database.revoke("stop-1"))
        #expect(try await !hub.database.revoke("stop-1"))
        let batch = try HubFixture.batch("stop-1", sequence: 1, records: HubFixture.connRows(1), key: key)
        #expect(
            try await BatchIngest(database: hub.database).accept(sensor: "stop-1", signature: batch.signature, body: batch.body)
                == .refused("sensor stop-1 is revoked"))
    }

    @Test func oneDeviceSeenByTwoSensorsIsOneAsset() async throws {
        let hub = try HubFixture()
        let ingest = BatchIngest(database: hub.database)
        for (index, name) in ["stop-1", "stop-2"].enumerated() {
            let key = try await hub.enroll(name)
            let asset = ShippedRecord(
                log: "asset",
                row: #"{"first_seen":\#(10 + index),"ips":["10.0.0.5"],"last_seen":\#(20 + index * 10),"mac":"00:80:f4:00:00:01"}"#)
            let batch = try HubFixture.batch(name, sequence: 1, records: [asset], key: key)
            #expect(try await ingest.accept(sensor: name, signature: batch.signature, body: batch.body) == .stored(records: 1, missing: 0))
        }
        let assets = try await hub.database.assets()
        #expect(assets.count == 1)
        #expect(assets.first?.key == "00:80:f4:00:00:01")
        #expect(assets.first?.sensors == ["stop-1", "stop-2"])
    }

    /// Devices are merged many to a statement, with the outcome of merging them one at a time:
    /// a device sent twice in one batch keeps its later description and records the change
    /// between the two, an address passed to another device follows it, a level set by an
    /// analyst stays, and every device of a batch longer than one run is kept.
    @Test func aBatchOfDevicesMergesAsOneAtATimeWould() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("stop-1")
        let ingest = BatchIngest(database: hub.database)
        func device(_ mac: String, _ ips: [String], firmware: String, level: Int = 1) -> ShippedRecord {
            let addresses = ips.map { "\"\($0)\"" }.joined(separator: ",")
            return ShippedRecord(
                log: "asset",
                row:
                    #"{"key":"\#(mac)","mac":"\#(mac)","ips":[\#(addresses)],"first_seen":1,"last_seen":2,"identity":{"firmware":{"value":"\#(firmware)","evidence":"x"}},"type":{"value":"field_controller","level":\#(level),"evidence":"x"}}"#
            )
        }
        let pump = "00:80:f4:00:00:01"
        let valve = "00:80:f4:00:00:02"
        let others = (0..<300).map {
            device(String(format: "02:00:00:00:%02x:%02x", $0 / 256, $0 % 256), ["10.1.\($0 / 256).\($0 % 256)"], firmware: "9")
        }
        let first = try HubFixture.batch(
            "stop-1", sequence: 1,
            records: [device(pump, ["10.0.0.1"], firmware: "1.0"), device(valve, ["10.0.0.2"], firmware: "2.0")] + others
                + [device(pump, ["10.0.0.3"], firmware: "1.1")], key: key)
        #expect(
            try await ingest.accept(sensor: "stop-1", signature: first.signature, body: first.body) == .stored(records: 303, missing: 0))
        #expect(try await hub.database.setLevel(asset: valve, to: 3, by: "test", key: hub.home.auditKey))
        // The pump's address 10.0.0.3 passes to a new device; the valve reports a new firmware.
        let second = try HubFixture.batch(
            "stop-1", sequence: 2,
            records: [device("00:80:f4:00:00:03", ["10.0.0.3"], firmware: "3.0"), device(valve, ["10.0.0.2"], firmware: "2.1", level: 1)],
            key: key)
        #expect(
            try await ingest.accept(sensor: "stop-1", signature: second.signature, body: second.body) == .stored(records: 2, missing: 0))

        #expect(try await hub.database.assets(limit: 1000).count == 303)
        let pumpNow = try #require(try await hub.database.asset(key: pump))
        #expect(pumpNow.document.identity.firmware?.value == "1.1")
        #expect(pumpNow.changes.map { [$0.field, $0.old, $0.new] } == [["firmware", "1.0", "1.1"]])
        #expect(pumpNow.sensors == ["stop-1"])
        let valveNow = try #require(try await hub.database.asset(key: valve))
        #expect(valveNow.changes.map { [$0.field, $0.old, $0.new] } == [["firmware", "2.0", "2.1"]])
        let held = try await hub.database.read { db in
            try StoreRow.fetchAll(db, sql: "SELECT address, asset FROM asset_address WHERE address LIKE '10.0.%' ORDER BY address").map {
                row -> [String] in [row["address"], row["asset"]]
            }
        }
        #expect(held == [["10.0.0.2", valve], ["10.0.0.3", "00:80:f4:00:00:03"]])
        let levels = try await hub.database.read { db in
            try StoreRow.fetchAll(db, sql: "SELECT key, level FROM asset WHERE key IN (?, ?) ORDER BY key", arguments: [pump, valve]).map {
                row -> Int? in row["level"]
            }
        }
        #expect(levels == [1, 3])
        let addressesKept = try await hub.database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM asset_address WHERE address LIKE '10.1.%'")
        }
        #expect(addressesKept == 300)
    }

    @Test func aTokenAdmitsOneSensorOnce() async throws {
        let hub = try HubFixture()
        let enroller = Enroller(home: hub.home, database: hub.database)
        let token = try await enroller.makeToken(lifetime: 3600, actor: "test")
        let key = P256.Signing.PrivateKey()
        let csr = { (name: String) in
            try CertificateSigningRequestText.make(name: name, key: key)
        }
        let first = try await enroller.enroll(EnrollmentRequest(token: token.description, name: "a", csr: try csr("a")), ingestURL: "x")
        #expect((try? first.get()) != nil)
        let second = try await enroller.enroll(EnrollmentRequest(token: token.description, name: "b", csr: try csr("b")), ingestURL: "x")
        #expect(second.failureDescription?.contains("used already") == true)
        // A request whose subject is not the name asked for.
        let next = try await enroller.makeToken(lifetime: 3600, actor: "test")
        let mismatch = try await enroller.enroll(EnrollmentRequest(token: next.description, name: "c", csr: try csr("d")), ingestURL: "x")
        #expect(mismatch.failureDescription?.contains("CN=c") == true)
        // A token of another hub.
        let other = EnrollmentToken.generate(authorityFingerprint: Array(repeating: 7, count: 32))
        let foreign = try await enroller.enroll(EnrollmentRequest(token: other.description, name: "e", csr: try csr("e")), ingestURL: "x")
        #expect(foreign.failureDescription?.contains("another hub") == true)
        // An expired token.
        let expired = try await enroller.makeToken(lifetime: -1, actor: "test")
        let late = try await enroller.enroll(EnrollmentRequest(token: expired.description, name: "f", csr: try csr("f")), ingestURL: "x")
        #expect(late.failureDescription?.contains("expired") == true)
        #expect(try await hub.database.sensors().map(\.name) == ["a"])
    }
}

extension Result where Failure == EnrollmentError {
    var failureDescription: String? {
        if case .failure(let error) = self { return error.description }
        return nil
    }
}
