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

/// A batch whose signature and form were checked, waiting to be stored.
public struct VerifiedBatch: Sendable {
    public var batch: SensorBatch
    /// SHA-256 of its body: a resend must match it byte for byte.
    public var digest: [UInt8]
    public var records: [ShippedRecord]

    public init(batch: SensorBatch, digest: [UInt8], records: [ShippedRecord]) {
        self.batch = batch
        self.digest = digest
        self.records = records
    }
}

extension HubDatabase {
    /// Stores one verified batch and its records in one transaction.
    public func store(
        batch: SensorBatch, digest: [UInt8], records: [ShippedRecord], responder: PlaybookResponder? = nil
    ) async throws -> IngestOutcome {
        try await store(batches: [VerifiedBatch(batch: batch, digest: digest, records: records)], responder: responder)[0].get()
    }

    /// Stores several verified batches in one transaction. Should the store fail on one of
    /// them, that transaction is rolled back and each batch is stored in a transaction of its
    /// own, so that the batch at fault fails alone and the others are kept. Only a failure of
    /// every transaction (the disk, the server) fails them all.
    ///
    /// Not a savepoint per batch: SQLite keeps the original of every page a savepoint changes
    /// in a statement journal, a file of its own (with eight sensors' batches that journal's
    /// writes were a fifth of the writer's time, shared with the many-row INSERTs, which
    /// journal their pages too). A batch the store fails on is rare; it costs one retry.
    ///
    /// A sensor sends its spool in order and deletes a batch only once the hub acknowledged it,
    /// so a sequence number the hub already holds is a resend (acknowledged again if its bytes
    /// are the same, refused as a replay if not), and one below the last stored that the hub
    /// does not hold arrived out of order.
    ///
    /// Each alert is answered by `responder`'s playbooks in the same transaction.
    public func store(batches: [VerifiedBatch], responder: PlaybookResponder? = nil) async throws -> [Result<IngestOutcome, any Error>] {
        if batches.count > 1, let outcomes = try? await storeTogether(batches, responder: responder) {
            return outcomes.map { .success($0) }
        }
        var outcomes: [Result<IngestOutcome, any Error>] = []
        for batch in batches {
            do {
                outcomes.append(.success(try await storeTogether([batch], responder: responder)[0]))
            } catch {
                outcomes.append(.failure(error))
            }
        }
        return outcomes
    }

    /// Stores `batches` in one transaction: all of them, or none.
    private func storeTogether(_ batches: [VerifiedBatch], responder: PlaybookResponder?) async throws -> [IngestOutcome] {
        let (outcomes, responded) = try await write { db -> ([IngestOutcome], Bool) in
            var outcomes: [IngestOutcome] = []
            var responded = false
            var answered = PlaybookResponder.Answered()
            for item in batches {
                let (outcome, actionInForce) = try Self.store(item, responder: responder, answered: &answered, db)
                outcomes.append(outcome)
                responded = responded || actionInForce
            }
            return (outcomes, responded)
        }
        if responded { await responseChanges.changed() }
        return outcomes
    }

    /// Stores one batch inside the caller's transaction; returns its outcome and whether a
    /// playbook's action came into force.
    private static func store(
        _ item: VerifiedBatch, responder: PlaybookResponder?, answered: inout PlaybookResponder.Answered, _ db: StoreTransaction
    ) throws -> (IngestOutcome, Bool) {
        let batch = item.batch
        let digest = item.digest
        let records = item.records
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
        // Ids are handed out here, under the writers' lock, so that a batch's events and
        // their alerts go in many to a statement instead of one round trip per row. A batch's
        // events take the ids from its first_event on, one after another, which is how
        // retention finds the events of the batches that arrived before a cutoff (a batch of
        // devices only notes the id the next event will take).
        var nextEvent = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM event") ?? 1
        try db.execute(
            sql: "INSERT INTO batch (sensor, sequence, digest, created, received, records, first_event) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [name, Int64(header.sequence), Data(digest), header.created, now, records.count, nextEvent])
        var events = BatchedInsert(db, into: "event", columns: ["id", "sensor", "sequence", "log", "ts", "uid", "row"])
        var alerts = BatchedInsert(
            db, into: "alert", columns: ["event", "sensor", "ts", "rule", "level", "message", "source", "destination"],
            flushesWhenFull: false)
        var alerted: [(event: Int64, record: ShippedRecord, alert: AlertSummary)] = []
        var connections: [ConnectionSummary] = []
        var devices: [ShippedRecord] = []
        for record in records {
            if record.log == "asset" {
                devices.append(record)
                continue
            }
            let event = nextEvent
            nextEvent += 1
            try events.add([event, name, Int64(header.sequence), record.log, record.ts, record.uid, record.row])
            if let connection = record.connection { connections.append(connection) }
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
        try AssetMerge(sensor: name, db: db).merge(devices)
        var days = AlertDayCounts()
        for (_, record, alert) in alerted { days.add(time: record.ts, level: alert.level) }
        try days.store(db)
        try Self.foldIntoMap(connections, db)
        // Playbooks answer each alert in turn, with the whole batch stored: a quarantine's
        // known peers are those first seen before the alert's own time.
        if let responder {
            for (event, record, alert) in alerted {
                responded =
                    try responder.respond(
                        alert: event, rule: alert.rule, level: alert.level, source: alert.source,
                        destination: alert.destination, time: record.ts, sensor: name, answered: &answered, db) || responded
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

    /// Adds a batch's connections to the communication map: per edge (client, server,
    /// transport, port and service) the connections, their packets and IP bytes both ways, and
    /// the span of time they cover. The sensor's rows were read off the writer's thread, when
    /// the batch was checked; here each edge the batch touches is one row of an upsert, since
    /// one statement may change a row only once.
    static func foldIntoMap(_ connections: [ConnectionSummary], _ db: StoreTransaction) throws {
        struct Edge: Hashable {
            let client: String, server: String, transport: String, port: Int64, service: String
        }
        struct Traffic {
            var connections: Int64 = 0, packets: Int64 = 0, bytes: Int64 = 0
            var first: Double?, last: Double?
        }
        var edges: [Edge: Traffic] = [:]
        var order: [Edge] = []
        for connection in connections {
            let edge = Edge(
                client: connection.client, server: connection.server, transport: connection.transport, port: connection.serverPort,
                service: connection.service)
            var traffic =
                edges[edge]
                ?? {
                    order.append(edge)
                    return Traffic()
                }()
            traffic.connections += 1
            traffic.packets &+= connection.packets
            traffic.bytes &+= connection.bytes
            if let start = connection.start { traffic.first = min(traffic.first ?? start, start) }
            if let end = connection.end { traffic.last = max(traffic.last ?? end, end) }
            edges[edge] = traffic
        }
        var upsert = BatchedInsert(
            db, into: "map_edge",
            columns: [
                "client", "server", "transport", "server_port", "protocol", "connections", "packets", "bytes", "first_seen", "last_seen",
            ],
            onConflict: foldEdge[db.dialect]!)
        for edge in order {
            let traffic = edges[edge]!
            try upsert.add([
                edge.client, edge.server, edge.transport, edge.port, edge.service, traffic.connections, traffic.packets, traffic.bytes,
                traffic.first, traffic.last,
            ])
        }
        try upsert.flush()
    }

    private static let foldEdge = SQLDialect.each { d in
        """
        ON CONFLICT (client, server, transport, server_port, protocol) DO UPDATE SET
            connections = map_edge.connections + excluded.connections, packets = map_edge.packets + excluded.packets,
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
                SELECT \(db.dialect.day("ts")), level, count(*) FROM alert WHERE ts >= ? AND ts < ? GROUP BY 1, 2
                """, arguments: [AlertDayCounts.countedTimes.lowerBound, AlertDayCounts.countedTimes.upperBound])
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
            try StoreRow.fetchAll(db, sql: Self.eventsOfLog, arguments: [log, after, limit]).map { ($0["id"], $0["sensor"], $0["row"]) }
        }
    }

    /// Read through the index `event_by_log`, which holds each log's events in id order.
    static let eventsOfLog = "SELECT id, sensor, row FROM event WHERE log = ? AND id > ? ORDER BY id LIMIT ?"

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
