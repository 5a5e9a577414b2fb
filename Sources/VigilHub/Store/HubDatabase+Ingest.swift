import Foundation
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
        let (outcome, responded) = try await write { db -> (IngestOutcome, Bool) in
            var responded = false
            let header = batch.header
            let name = header.sensor
            guard
                let sensor = try StoreRow.fetchOne(db, sql: "SELECT * FROM sensor WHERE name = ?", arguments: [name]).map(
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
            // Ids are handed out here, under the writers' lock, so that a batch's events and
            // their alerts go in many to a statement instead of one round trip per row.
            var nextEvent = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM event") ?? 1
            let firstEvent = nextEvent
            var events = BatchedInsert(db, into: "event", columns: ["id", "sensor", "sequence", "log", "ts", "uid", "row"])
            var alerts = BatchedInsert(
                db, into: "alert", columns: ["event", "sensor", "ts", "rule", "level", "message", "source", "destination"],
                flushesWhenFull: false)
            var alerted: [(event: Int64, record: ShippedRecord, alert: AlertSummary)] = []
            var connRows: [String] = []
            for record in records {
                if record.log == "asset" {
                    try Self.mergeAsset(record, sensor: name, db)
                    continue
                }
                let event = nextEvent
                nextEvent += 1
                try events.add([event, name, Int64(header.sequence), record.log, record.ts, record.uid, record.row])
                if record.log == "conn" { connRows.append(record.row) }
                if let alert = record.alert {
                    try alerts.add([event, name, record.ts, alert.rule, alert.level, alert.message, alert.source, alert.destination])
                    alerted.append((event, record, alert))
                    // An alert refers to its notice row, which must go in first.
                    if alerts.isFull {
                        try events.flush()
                        try alerts.flush()
                    }
                }
            }
            try events.flush()
            try alerts.flush()
            if !alerted.isEmpty {
                // Per day and level, counted once for the batch.
                try db.execute(
                    sql: """
                        INSERT INTO alert_day (day, level, count)
                        SELECT \(db.dialect.day("ts")), level, count(*) FROM alert WHERE event >= ? AND ts IS NOT NULL GROUP BY 1, 2
                        ON CONFLICT (day, level) DO UPDATE SET count = alert_day.count + excluded.count
                        """, arguments: [firstEvent])
            }
            try Self.foldIntoMap(connRows: connRows, db)
            // Playbooks answer each alert in turn, with the whole batch stored: a quarantine's
            // known peers are those first seen before the alert's own time.
            if let responder {
                for (event, record, alert) in alerted {
                    responded =
                        try responder.respond(
                            alert: event, rule: alert.rule, level: alert.level, source: alert.source,
                            destination: alert.destination, time: record.ts, sensor: name, db) || responded
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

    private static let upsertAsset = SQLDialect.each { d in
        """
        INSERT INTO asset (key, document, first_seen, last_seen) VALUES (?, ?, ?, ?)
        ON CONFLICT(key) DO UPDATE SET document = excluded.document,
            first_seen = \(d.least("coalesce(asset.first_seen, excluded.first_seen)", "coalesce(excluded.first_seen, asset.first_seen)")),
            last_seen = \(d.greatest("coalesce(asset.last_seen, excluded.last_seen)", "coalesce(excluded.last_seen, asset.last_seen)"))
        """
    }

    /// One device seen by several sensors is one asset: keyed by assets.json's `key` (its MAC
    /// when the MAC is its own, else its address); the latest description wins, first and last
    /// seen widen, and each sensor that saw it is kept.
    static func mergeAsset(_ record: ShippedRecord, sensor: String, _ db: StoreTransaction) throws {
        guard let key = record.assetKey else { return }
        let first = record.firstSeen
        let last = record.lastSeen
        let before = try String.fetchOne(db, sql: "SELECT document FROM asset WHERE key = ?", arguments: [key]).map(
            AssetColumns.init)
        try db.execute(sql: upsertAsset[db.dialect]!, arguments: [key, record.row, first, last])
        let columns = AssetColumns(document: record.row)
        try columns.update(key: key, db)
        if let before {
            for change in columns.changes(from: before) {
                try db.execute(
                    sql: "INSERT INTO asset_change (asset, time, sensor, field, old, new) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [key, now(), sensor, change.field, change.old, change.new])
            }
        }
        try db.execute(sql: upsertAssetSensor[db.dialect]!, arguments: [key, sensor, last])
    }

    private static let upsertAssetSensor = SQLDialect.each { d in
        """
        INSERT INTO asset_sensor (asset, sensor, last_seen) VALUES (?, ?, ?)
        ON CONFLICT(asset, sensor) DO UPDATE SET last_seen = \(d.greatest("coalesce(asset_sensor.last_seen, 0)", "coalesce(excluded.last_seen, 0)"))
        """
    }

    /// Adds a batch's conn rows to the communication map. On SQLite one row at a time (a
    /// statement costs no round trip there); on PostgreSQL in one statement for the batch, the
    /// rows sent as one text, a row to a line (JSON text holds no raw line break), and grouped
    /// by edge before they meet the table, since one statement may change a row only once.
    static func foldIntoMap(connRows rows: [String], _ db: StoreTransaction) throws {
        guard db.dialect == .postgres else {
            for row in rows { try foldIntoMap(connRow: row, db) }
            return
        }
        guard !rows.isEmpty else { return }
        let d = db.dialect
        func text(_ member: String) -> String { d.jsonText("r", member) }
        func number(_ member: String) -> String { "coalesce(\(d.jsonNumber("r", member)), 0)" }
        try db.execute(
            sql: """
                INSERT INTO map_edge (client, server, transport, server_port, protocol, connections, packets, bytes, first_seen, last_seen)
                SELECT client, server, transport, server_port, protocol, count(*), sum(packets), sum(bytes), min(first_seen), max(last_seen)
                FROM (
                    SELECT \(text("id.orig_h")) AS client, \(text("id.resp_h")) AS server, coalesce(\(text("proto")), '-') AS transport,
                        \(number("id.resp_p")) AS server_port, coalesce(nullif(\(text("service")), ''), '-') AS protocol,
                        \(number("orig_pkts")) + \(number("resp_pkts")) AS packets,
                        \(number("orig_ip_bytes")) + \(number("resp_ip_bytes")) AS bytes,
                        \(d.jsonNumber("r", "ts")) AS first_seen, \(d.jsonNumber("r", "ts")) + \(number("duration")) AS last_seen
                    FROM (SELECT vigil_json_object(line) AS r FROM regexp_split_to_table(?, E'\\n') AS line) AS lines
                ) AS conn
                WHERE client IS NOT NULL AND server IS NOT NULL
                GROUP BY client, server, transport, server_port, protocol
                ON CONFLICT (client, server, transport, server_port, protocol) DO UPDATE SET
                    connections = map_edge.connections + excluded.connections, packets = map_edge.packets + excluded.packets,
                    bytes = map_edge.bytes + excluded.bytes,
                    first_seen = \(d.least("coalesce(map_edge.first_seen, excluded.first_seen)", "coalesce(excluded.first_seen, map_edge.first_seen)")),
                    last_seen = \(d.greatest("coalesce(map_edge.last_seen, excluded.last_seen)", "coalesce(excluded.last_seen, map_edge.last_seen)"))
                """,
            arguments: [rows.joined(separator: "\n")])
    }

    /// Adds one conn row to the communication map: one more connection, and its packets and IP
    /// bytes both ways, on the edge of its client, server, port and service. Read by the
    /// database's own JSON functions, as the row is already text in the statement; a row that is
    /// not a JSON object with both addresses adds nothing.
    static func foldIntoMap(connRow row: String, _ db: StoreTransaction) throws {
        try db.execute(sql: foldOneConnRow[db.dialect]!, arguments: [row])
    }

    private static let foldOneConnRow = SQLDialect.each { d in
        func text(_ member: String) -> String { d.jsonText("r", member) }
        func number(_ member: String) -> String { "coalesce(\(d.jsonNumber("r", member)), 0)" }
        // PostgreSQL refuses to cast text that is not JSON, and that would end the transaction:
        // the schema's vigil_json_object turns such a row into an empty object instead.
        let source =
            switch d {
            case .sqlite: "(SELECT ? AS r) WHERE json_valid(r)"
            case .postgres: "(SELECT vigil_json_object(?) AS r) AS conn_row"
            }
        return """
            INSERT INTO map_edge (client, server, transport, server_port, protocol, connections, packets, bytes, first_seen, last_seen)
            SELECT \(text("id.orig_h")), \(text("id.resp_h")), coalesce(\(text("proto")), '-'),
                \(number("id.resp_p")), coalesce(nullif(\(text("service")), ''), '-'), 1,
                \(number("orig_pkts")) + \(number("resp_pkts")), \(number("orig_ip_bytes")) + \(number("resp_ip_bytes")),
                \(d.jsonNumber("r", "ts")), \(d.jsonNumber("r", "ts")) + \(number("duration"))
            FROM \(source) \(d == .sqlite ? "AND" : "WHERE") \(text("id.orig_h")) IS NOT NULL AND \(text("id.resp_h")) IS NOT NULL
            ON CONFLICT (client, server, transport, server_port, protocol) DO UPDATE SET
                connections = map_edge.connections + 1, packets = map_edge.packets + excluded.packets,
                bytes = map_edge.bytes + excluded.bytes,
                first_seen = \(d.least("coalesce(map_edge.first_seen, excluded.first_seen)", "coalesce(excluded.first_seen, map_edge.first_seen)")),
                last_seen = \(d.greatest("coalesce(map_edge.last_seen, excluded.last_seen)", "coalesce(excluded.last_seen, map_edge.last_seen)"))
            """
    }

    /// Rebuilds the per-day alert counts from the alerts themselves (after a migration, or
    /// after retention removed alerts).
    static func recountAlertDays(_ db: StoreTransaction) throws {
        try db.execute(sql: "DELETE FROM alert_day")
        try db.execute(
            sql: """
                INSERT INTO alert_day (day, level, count)
                SELECT \(db.dialect.day("ts")), level, count(*) FROM alert WHERE ts IS NOT NULL GROUP BY 1, 2
                """)
    }

    /// Keeps a record of a refused batch or connection, so that an administrator can see who
    /// was turned away and why.
    public func recordRefusal(sensor: String?, sequence: UInt64?, reason: String) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO refusal (received, sensor, sequence, reason) VALUES (?, ?, ?, ?)",
                arguments: [Self.now(), sensor, sequence.map { Int64($0) }, reason])
        }
    }

    public func refusals() async throws -> [(sensor: String?, reason: String)] {
        try await read { db in
            try StoreRow.fetchAll(db, sql: "SELECT sensor, reason FROM refusal ORDER BY id").map { ($0["sensor"], $0["reason"]) }
        }
    }

    /// How many events of each log are stored, optionally for one sensor.
    public func eventCounts(sensor: String? = nil) async throws -> [String: Int] {
        try await read { db in
            let rows =
                if let sensor {
                    try StoreRow.fetchAll(
                        db, sql: "SELECT log, count(*) AS n FROM event WHERE sensor = ? GROUP BY log", arguments: [sensor])
                } else {
                    try StoreRow.fetchAll(db, sql: "SELECT log, count(*) AS n FROM event GROUP BY log")
                }
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["log"], $0["n"]) })
        }
    }

    /// Stored events of one log, oldest first, after the event id `after` (cursor pagination).
    public func events(log: String, after: Int64 = 0, limit: Int = 100) async throws -> [(id: Int64, sensor: String, row: String)] {
        try await read { db in
            try StoreRow.fetchAll(
                db, sql: "SELECT id, sensor, row FROM event WHERE log = ? AND id > ? ORDER BY id LIMIT ?", arguments: [log, after, limit]
            ).map { ($0["id"], $0["sensor"], $0["row"]) }
        }
    }

    /// Stored assets, by key, after the key `after` (cursor pagination), with the sensors that saw each.
    public func assets(after: String = "", limit: Int = 100) async throws -> [(key: String, document: String, sensors: [String])] {
        try await read { db in
            try StoreRow.fetchAll(
                db,
                sql: """
                    SELECT key, document, (SELECT \(db.dialect.joined("sensor", separator: ",")) FROM asset_sensor WHERE asset = key) AS sensors
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
