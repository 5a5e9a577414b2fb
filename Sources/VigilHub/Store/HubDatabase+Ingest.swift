import Foundation
import GRDB
import VigilHubWire
import VigilResponse

/// What became of a batch.
public enum IngestOutcome: Sendable, Equatable {
    /// Stored now; `missing` batches before it never arrived (the sensor's spool dropped them).
    case stored(records: Int, missing: UInt64)
    /// Stored before: a resend after a lost acknowledgement. Nothing is stored twice.
    case duplicate
    case refused(String)
}

extension HubDatabase {
    /// Stores one verified batch and its records in one transaction.
    ///
    /// A sensor sends its spool in order and deletes a batch only once the hub acknowledged it,
    /// so a sequence number the hub already holds is a resend (acknowledged again if its bytes
    /// are the same, refused as a replay if not), and one below the last stored that the hub
    /// does not hold arrived out of order.
    ///
    /// Each alert is answered by `responder`'s playbooks in the same transaction.
    public func store(
        batch: SensorBatch, digest: [UInt8], records: [ShippedRecord], responder: PlaybookResponder? = nil
    ) async throws -> IngestOutcome {
        let (outcome, responded) = try await pool.write { db -> (IngestOutcome, Bool) in
            var responded = false
            let header = batch.header
            let name = header.sensor
            guard
                let sensor = try Row.fetchOne(db, sql: "SELECT * FROM sensor WHERE name = ?", arguments: [name]).map(
                    SensorRecord.init(row:))
            else { return (.refused("unknown sensor \(name)"), false) }
            if sensor.revoked != nil { return (.refused("sensor \(name) is revoked"), false) }
            if let stored = try Data.fetchOne(
                db, sql: "SELECT digest FROM batch WHERE sensor = ? AND sequence = ?", arguments: [name, Int64(header.sequence)])
            {
                return (
                    Array(stored) == digest
                        ? .duplicate : .refused("batch \(header.sequence) was stored before with other content: a replay"), false
                )
            }
            if header.sequence <= sensor.lastSequence {
                return (.refused("batch \(header.sequence) arrived after batch \(sensor.lastSequence): out of order"), false)
            }
            let missing = header.sequence - sensor.lastSequence - 1
            let now = Self.now()
            try db.execute(
                sql: "INSERT INTO batch (sensor, sequence, digest, created, received, records) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [name, Int64(header.sequence), Data(digest), header.created, now, records.count])
            let insertEvent = try db.makeStatement(sql: "INSERT INTO event (sensor, sequence, log, ts, uid, row) VALUES (?, ?, ?, ?, ?, ?)")
            let countAlertDay = try db.makeStatement(
                sql: """
                    INSERT INTO alert_day (day, level, count) VALUES (date(?, 'unixepoch'), ?, 1)
                    ON CONFLICT (day, level) DO UPDATE SET count = count + 1
                    """)
            let insertAlert = try db.makeStatement(
                sql: "INSERT INTO alert (event, sensor, ts, rule, level, message, source, destination) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            for record in records {
                if record.log == "asset" {
                    try Self.mergeAsset(record, sensor: name, db)
                } else {
                    try insertEvent.execute(arguments: [name, Int64(header.sequence), record.log, record.ts, record.uid, record.row])
                    if record.log == "conn" { try Self.foldIntoMap(connRow: record.row, db) }
                    if let alert = record.alert {
                        try insertAlert.execute(arguments: [
                            db.lastInsertedRowID, name, record.ts, alert.rule, alert.level, alert.message, alert.source, alert.destination,
                        ])
                        if let ts = record.ts { try countAlertDay.execute(arguments: [ts, alert.level]) }
                        if let responder {
                            responded =
                                try responder.respond(
                                    alert: db.lastInsertedRowID, rule: alert.rule, level: alert.level, source: alert.source,
                                    destination: alert.destination, time: record.ts, sensor: name, db) || responded
                        }
                    }
                }
            }
            try db.execute(
                sql: """
                    UPDATE sensor SET last_sequence = ?, last_batch = ?, missing_batches = missing_batches + ?,
                        spool_batches = ?, spool_bytes = ? WHERE name = ?
                    """,
                arguments: [Int64(header.sequence), now, Int64(missing), header.spoolBatches, header.spoolBytes, name])
            return (.stored(records: records.count, missing: missing), responded)
        }
        if responded { await responseChanges.changed() }
        return outcome
    }

    /// One device seen by several sensors is one asset: keyed by assets.json's `key` (its MAC
    /// when the MAC is its own, else its address); the latest description wins, first and last
    /// seen widen, and each sensor that saw it is kept.
    static func mergeAsset(_ record: ShippedRecord, sensor: String, _ db: Database) throws {
        guard let key = record.assetKey else { return }
        let first = record.firstSeen
        let last = record.lastSeen
        let before = try String.fetchOne(db.cachedStatement(sql: "SELECT document FROM asset WHERE key = ?"), arguments: [key]).map(
            AssetColumns.init)
        try db.cachedStatement(
            sql: """
                INSERT INTO asset (key, document, first_seen, last_seen) VALUES (?, ?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET document = excluded.document,
                    first_seen = min(coalesce(asset.first_seen, excluded.first_seen), coalesce(excluded.first_seen, asset.first_seen)),
                    last_seen = max(coalesce(asset.last_seen, excluded.last_seen), coalesce(excluded.last_seen, asset.last_seen))
                """
        ).execute(arguments: [key, record.row, first, last])
        let columns = AssetColumns(document: record.row)
        try columns.update(key: key, db)
        if let before {
            for change in columns.changes(from: before) {
                try db.execute(
                    sql: "INSERT INTO asset_change (asset, time, sensor, field, old, new) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [key, now(), sensor, change.field, change.old, change.new])
            }
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO asset_sensor (asset, sensor, last_seen) VALUES (?, ?, ?)
                ON CONFLICT(asset, sensor) DO UPDATE SET last_seen = max(coalesce(asset_sensor.last_seen, 0), coalesce(excluded.last_seen, 0))
                """
        ).execute(arguments: [key, sensor, last])
    }

    /// Adds one conn row to the communication map: one more connection, and its packets and IP
    /// bytes both ways, on the edge of its client, server, port and service. Read by SQLite's
    /// own JSON functions: the row is already text in the statement.
    static func foldIntoMap(connRow row: String, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO map_edge (client, server, transport, server_port, protocol, connections, packets, bytes, first_seen, last_seen)
                SELECT json_extract(r, '$."id.orig_h"'), json_extract(r, '$."id.resp_h"'), coalesce(json_extract(r, '$.proto'), '-'),
                    coalesce(json_extract(r, '$."id.resp_p"'), 0), coalesce(nullif(json_extract(r, '$.service'), ''), '-'), 1,
                    coalesce(json_extract(r, '$.orig_pkts'), 0) + coalesce(json_extract(r, '$.resp_pkts'), 0),
                    coalesce(json_extract(r, '$.orig_ip_bytes'), 0) + coalesce(json_extract(r, '$.resp_ip_bytes'), 0),
                    json_extract(r, '$.ts'), json_extract(r, '$.ts') + coalesce(json_extract(r, '$.duration'), 0)
                FROM (SELECT ? AS r)
                WHERE json_valid(r) AND json_extract(r, '$."id.orig_h"') IS NOT NULL AND json_extract(r, '$."id.resp_h"') IS NOT NULL
                ON CONFLICT (client, server, transport, server_port, protocol) DO UPDATE SET
                    connections = connections + 1, packets = packets + excluded.packets, bytes = bytes + excluded.bytes,
                    first_seen = min(coalesce(first_seen, excluded.first_seen), coalesce(excluded.first_seen, first_seen)),
                    last_seen = max(coalesce(last_seen, excluded.last_seen), coalesce(excluded.last_seen, last_seen))
                """
        ).execute(arguments: [row])
    }

    /// Rebuilds the per-day alert counts from the alerts themselves (after a migration, or
    /// after retention removed alerts).
    static func recountAlertDays(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM alert_day")
        try db.execute(
            sql: """
                INSERT INTO alert_day (day, level, count)
                SELECT date(ts, 'unixepoch'), level, count(*) FROM alert WHERE ts IS NOT NULL GROUP BY 1, 2
                """)
    }

    /// Keeps a record of a refused batch or connection, so that an administrator can see who
    /// was turned away and why.
    public func recordRefusal(sensor: String?, sequence: UInt64?, reason: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO refusal (received, sensor, sequence, reason) VALUES (?, ?, ?, ?)",
                arguments: [Self.now(), sensor, sequence.map { Int64($0) }, reason])
        }
    }

    public func refusals() async throws -> [(sensor: String?, reason: String)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT sensor, reason FROM refusal ORDER BY id").map { ($0["sensor"], $0["reason"]) }
        }
    }

    /// How many events of each log are stored, optionally for one sensor.
    public func eventCounts(sensor: String? = nil) async throws -> [String: Int] {
        try await pool.read { db in
            let rows =
                if let sensor {
                    try Row.fetchAll(db, sql: "SELECT log, count(*) AS n FROM event WHERE sensor = ? GROUP BY log", arguments: [sensor])
                } else {
                    try Row.fetchAll(db, sql: "SELECT log, count(*) AS n FROM event GROUP BY log")
                }
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["log"], $0["n"]) })
        }
    }

    /// Stored events of one log, oldest first, after the event id `after` (cursor pagination).
    public func events(log: String, after: Int64 = 0, limit: Int = 100) async throws -> [(id: Int64, sensor: String, row: String)] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, sensor, row FROM event WHERE log = ? AND id > ? ORDER BY id LIMIT ?", arguments: [log, after, limit]
            ).map { ($0["id"], $0["sensor"], $0["row"]) }
        }
    }

    /// Stored assets, by key, after the key `after` (cursor pagination), with the sensors that saw each.
    public func assets(after: String = "", limit: Int = 100) async throws -> [(key: String, document: String, sensors: [String])] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT key, document, (SELECT group_concat(sensor, ',') FROM asset_sensor WHERE asset = key ORDER BY sensor) AS sensors
                    FROM asset WHERE key > ? ORDER BY key LIMIT ?
                    """,
                arguments: [after, limit]
            ).map { row in
                let sensors = (row["sensors"] as String?)?.split(separator: ",").map(String.init) ?? []
                return (row["key"], row["document"], sensors.sorted())
            }
        }
    }
}
