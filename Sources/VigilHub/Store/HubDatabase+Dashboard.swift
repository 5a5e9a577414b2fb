import Crypto
import Foundation
import VigilMap

extension HubDatabase {
    public func assets(_ query: AssetQuery) async throws -> (rows: [AssetRow], total: Int) {
        try await read { db in
            var conditions: [String] = []
            var arguments: [any StoreValueConvertible] = []
            for word in query.search.lowercased().split(separator: " ") {
                conditions.append(db.dialect.contains("search"))
                arguments.append(String(word))
            }
            if let band = query.band {
                switch band {
                case "enterprise": conditions.append("level >= 4")
                case "operations": conditions.append("level = 3")
                case "supervisory": conditions.append("level = 2")
                case "control": conditions.append("level = 1")
                case "field": conditions.append("level = 0")
                default: conditions.append("level IS NULL")
                }
            }
            if let zone = query.zone {
                conditions.append("zone = ?")
                arguments.append(zone)
            }
            if let role = query.role {
                conditions.append(db.dialect.contains("roles"))
                arguments.append(" \(role) ")
            }
            if let name = query.protocol {
                conditions.append(db.dialect.contains("protocols"))
                arguments.append(" \(name) ")
            }
            if let sensor = query.sensor {
                conditions.append("key IN (SELECT asset FROM asset_sensor WHERE sensor = ?)")
                arguments.append(sensor)
            }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let total =
                try Int.fetchOne(db, sql: "SELECT count(*) FROM asset \(whereClause)", arguments: StoreArguments(arguments)) ?? 0
            let rows = try StoreRow.fetchAll(
                db,
                // The page's keys first, its columns after: PostgreSQL computes a query's
                // columns for the rows an OFFSET skips too, and reading each skipped device's
                // document as JSON made page 400 take most of a second there.
                sql: """
                    SELECT key, name, addresses, \(db.dialect.jsonText("document", "mac")) AS mac, vendor, model, firmware, level, type, roles,
                        protocols, first_seen, last_seen, vulnerabilities,
                        (SELECT \(db.dialect.joined("sensor", separator: " ")) FROM asset_sensor WHERE asset = key) AS sensors
                    FROM asset WHERE key IN (SELECT key FROM asset \(whereClause) ORDER BY \(query.order.sql) LIMIT ? OFFSET ?)
                    ORDER BY \(query.order.sql)
                    """,
                arguments: StoreArguments(arguments + [query.pageSize, query.page * query.pageSize]))
            // Read once for the page: on PostgreSQL each query is a round trip.
            let blocks = try AlertAddressIndex.blocks(db)
            let addresses = rows.map { Self.words($0["addresses"]) }
            let alerts = try Self.alertCounts(addresses, blocks: blocks, db)
            return (
                rows.indices.map { i in
                    let row = rows[i]
                    return AssetRow(
                        key: row["key"], name: row["name"] ?? row["key"], addresses: addresses[i], mac: row["mac"], vendor: row["vendor"],
                        model: row["model"], firmware: row["firmware"], level: row["level"], type: row["type"],
                        roles: Self.words(row["roles"]),
                        protocols: Self.words(row["protocols"]), sensors: Self.words(row["sensors"]).sorted(), firstSeen: row["first_seen"],
                        lastSeen: row["last_seen"], vulnerabilities: row["vulnerabilities"],
                        alerts: alerts[i])
                }, total
            )
        }
    }

    static func words(_ text: String?) -> [String] { (text ?? "").split(separator: " ").map(String.init) }

    /// For each device (its addresses), the alerts whose source or destination is one of them,
    /// in the blocks of alert ids `AlertAddressIndex.blocks` found (nil: there are no alerts).
    /// One query for a whole page: one per device, on PostgreSQL, was a round trip and a plan
    /// each, most of an assets page's time.
    static func alertCounts(_ devices: [[String]], blocks: String?, _ db: StoreTransaction) throws -> [Int] {
        var counts = [Int](repeating: 0, count: devices.count)
        let pairs = devices.indices.flatMap { device in devices[device].map { (address: $0, device: device) } }
        guard !pairs.isEmpty, let blocks else { return counts }
        let bound = pairs.flatMap { [$0.address, Int64($0.device)] as [(any StoreValueConvertible)?] }
        let arguments = StoreArguments(bound + bound)
        for row in try StoreRow.fetchAll(db, sql: AlertAddressIndex.countsByDevice(pairs.count, blocks: blocks), arguments: arguments) {
            let device: Int64 = row["device"]
            counts[Int(device)] = row["n"]
        }
        return counts
    }

    /// One asset: its document (with the level set by hand, if any, in place of the traffic's),
    /// the sensors that saw it, its identity history (newest first) and who set its level.
    public func asset(key: String) async throws -> (
        document: AssetDocument, sensors: [String], changes: [AssetChange], levelSetBy: String?
    )? {
        try await read { db in
            guard
                let row = try StoreRow.fetchOne(
                    db, sql: "SELECT document, level_override, level_set_by FROM asset WHERE key = ?", arguments: [key]),
                let document = Self.document(row)
            else {
                return nil
            }
            let sensors = try String.fetchAll(db, sql: "SELECT sensor FROM asset_sensor WHERE asset = ? ORDER BY sensor", arguments: [key])
            let changes = try StoreRow.fetchAll(
                db, sql: "SELECT * FROM asset_change WHERE asset = ? ORDER BY id DESC LIMIT 200", arguments: [key]
            ).map { AssetChange(time: $0["time"], sensor: $0["sensor"], field: $0["field"], old: $0["old"], new: $0["new"]) }
            return (document, sensors, changes, row["level_set_by"])
        }
    }

    /// A stored document decoded, with a level set by hand put in its type.
    static func document(_ row: StoreRow) -> AssetDocument? {
        guard var document = try? JSONDecoder().decode(AssetDocument.self, from: Data((row["document"] as String).utf8)) else { return nil }
        if let level: Int = row["level_override"] {
            let kind = document.type?.value ?? "unknown"
            document.type = .init(value: kind, level: level, evidence: "level set by \(row["level_set_by"] as String? ?? "an analyst")")
        }
        return document
    }

    /// Sets a device's Purdue level by hand (nil: back to what its traffic says), in the audit
    /// log in the same transaction. False when there is no such asset.
    public func setLevel(asset key: String, to level: Int?, by actor: String, key auditKey: P256.Signing.PrivateKey) async throws -> Bool {
        // Crypto's keys are not Sendable; their bytes are.
        let keyBytes = auditKey.rawRepresentation
        return try await write { db in
            try db.execute(
                sql: """
                    UPDATE asset SET level_override = ?, level_set_by = ?, level = coalesce(?, \(db.dialect.jsonNumber("document", "type", "level")))
                    WHERE key = ?
                    """,
                arguments: [level, level == nil ? nil : actor, level, key])
            guard db.changesCount == 1 else { return false }
            _ = try Self.appendAudit(
                db, actor: actor, action: "asset-level", subject: key, detail: level.map { "level \($0)" } ?? "as its traffic says",
                key: try P256.Signing.PrivateKey(rawRepresentation: keyBytes))
            return true
        }
    }

    /// The communication map to draw: the busiest edges (of one protocol, when given) and the
    /// devices at their ends, plus, while the hub holds no more than `limit` devices (or within
    /// a zone), the silent ones too. Bounded so that a page never reads every stored document.
    public func communicationMap(protocol name: String? = nil, zone: String? = nil, limit: Int) async throws -> CommunicationMap {
        try await read { db in
            func edges(_ sql: String, _ arguments: StoreArguments) throws -> [MapEdgeDocument] {
                try StoreRow.fetchAll(db, sql: sql, arguments: arguments).map(Self.mapEdge)
            }
            var keys: Set<String> = []
            var found: [MapEdgeDocument]
            if let zone {
                keys.formUnion(try String.fetchAll(db, sql: "SELECT key FROM asset WHERE zone = ? LIMIT ?", arguments: [zone, limit]))
                let half: [any StoreValueConvertible] = [zone] + (name.map { [$0] } ?? [])
                found = try edges(Self.zoneEdges(ofProtocol: name != nil), StoreArguments(half + half + [limit * 4]))
            } else {
                found = try edges(
                    "SELECT * FROM map_edge \(name == nil ? "" : "WHERE protocol = ?") ORDER BY bytes DESC LIMIT ?",
                    StoreArguments((name.map { [$0] as [any StoreValueConvertible] } ?? []) + [limit * 4]))
                // Whether there are at most `limit` devices, read from at most one more row
                // (counting every device took PostgreSQL a scan of the whole table).
                if name == nil,
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM asset LIMIT ?) AS first_rows", arguments: [limit + 1])
                        ?? 0 <= limit
                {
                    keys.formUnion(try String.fetchAll(db, sql: "SELECT key FROM asset"))
                }
            }
            let ends = Array(Set(found.flatMap { [$0.client, $0.server] }))
            for chunk in stride(from: 0, to: ends.count, by: 500).map({ Array(ends[$0..<min($0 + 500, ends.count)]) }) {
                let marks = chunk.map { _ in "?" }.joined(separator: ",")
                keys.formUnion(
                    try String.fetchAll(
                        db, sql: "SELECT asset FROM asset_address WHERE address IN (\(marks))", arguments: StoreArguments(chunk)))
            }
            let sortedKeys = keys.sorted()
            // Each device from its columns, not its document: decoding a thousand documents
            // with JSONDecoder was three quarters of the map page's time.
            var devices: [MapNode] = []
            for chunk in stride(from: 0, to: sortedKeys.count, by: 500).map({ Array(sortedKeys[$0..<min($0 + 500, sortedKeys.count)]) }) {
                let marks = chunk.map { _ in "?" }.joined(separator: ",")
                devices += try StoreRow.fetchAll(
                    db,
                    sql: "SELECT key, name, addresses, level, type, zone, vulnerabilities FROM asset WHERE key IN (\(marks)) ORDER BY key",
                    arguments: StoreArguments(chunk)
                ).map(Self.mapNode)
            }
            return CommunicationMap(devices: devices, edges: found).filtered(protocol: name, zone: zone)
        }
    }

    /// The edges of a zone's devices (bound: the zone, the protocol if `ofProtocol`, the same
    /// again, then how many), the busiest first. The zone's addresses first, then their edges
    /// as clients through the map's key and as servers through its server index, the two
    /// joined, and only those few sorted by size. Asked as one condition (client in the zone or
    /// server in the zone), PostgreSQL read all 300,000 edges of a large city's map (82 ms).
    /// The addresses' query is written in each half, not shared through a WITH table, which
    /// SQLite 3.40 can lose rows from (`AlertAddressIndex.countsByDevice`).
    static func zoneEdges(ofProtocol: Bool) -> String {
        let zoneAddresses = "SELECT address FROM asset_address WHERE asset IN (SELECT key FROM asset WHERE zone = ?)"
        let protocolTest = ofProtocol ? "AND protocol = ?" : ""
        return """
            SELECT * FROM (
                SELECT * FROM map_edge WHERE client IN (\(zoneAddresses)) \(protocolTest)
                UNION
                SELECT * FROM map_edge WHERE server IN (\(zoneAddresses)) \(protocolTest)
            ) AS zone_edge ORDER BY bytes DESC LIMIT ?
            """
    }

    /// An asset row's map node, from the columns its document filled (`AssetColumns`); the
    /// level is the one shown, an analyst's if set.
    static func mapNode(_ row: StoreRow) -> MapNode {
        let addresses: String = row["addresses"] ?? ""
        return MapNode(
            key: row["key"], label: row["name"] ?? "?", addresses: addresses.split(separator: " ").map(String.init), level: row["level"],
            typeName: row["type"], zone: row["zone"] ?? "-", vulnerabilities: row["vulnerabilities"])
    }

    /// A `map_edge` row as map.json writes an edge.
    static func mapEdge(_ row: StoreRow) -> MapEdgeDocument {
        MapEdgeDocument(
            client: row["client"], server: row["server"], transport: row["transport"], serverPort: row["server_port"],
            protocol: row["protocol"], connections: row["connections"], packets: row["packets"], bytes: row["bytes"])
    }

    /// Every protocol on the map and every zone of a device, for the map's filters.
    public func mapChoices() async throws -> (protocols: [String], zones: [String]) {
        try await read { db in
            (
                try String.fetchAll(db, sql: "SELECT DISTINCT protocol FROM map_edge ORDER BY protocol"),
                try String.fetchAll(db, sql: "SELECT DISTINCT zone FROM asset WHERE zone IS NOT NULL ORDER BY zone")
            )
        }
    }

    /// The edges an address takes part in, busiest first: an asset's protocol usage.
    public func mapEdges(touching addresses: [String], limit: Int = 200) async throws -> [MapEdgeDocument] {
        guard !addresses.isEmpty else { return [] }
        return try await read { db in
            let marks = addresses.map { _ in "?" }.joined(separator: ",")
            return try StoreRow.fetchAll(
                // `+bytes`: sort the few matching edges rather than walk every edge by size.
                db, sql: "SELECT * FROM map_edge WHERE client IN (\(marks)) OR server IN (\(marks)) ORDER BY +bytes DESC LIMIT ?",
                arguments: StoreArguments(addresses + addresses + [limit])
            ).map(Self.mapEdge)
        }
    }

    public func overview() async throws -> DashboardOverview {
        try await read { db in
            var o = DashboardOverview()
            o.assets = try Int.fetchOne(db, sql: "SELECT count(*) FROM asset") ?? 0
            var bands: [PurdueBand: Int] = [:]
            for row in try StoreRow.fetchAll(db, sql: "SELECT level, count(*) AS n FROM asset GROUP BY level") {
                bands[PurdueBand(level: row["level"]), default: 0] += row["n"] as Int
            }
            o.byBand = PurdueBand.allCases.compactMap { band in bands[band].map { (band, $0) } }
            o.byZone = try StoreRow.fetchAll(db, sql: "SELECT zone, count(*) AS n FROM asset GROUP BY zone ORDER BY n DESC, zone LIMIT 12")
                .map {
                    ($0["zone"] ?? "-", $0["n"])
                }
            // Devices share a few role combinations: count those, then split them.
            var roles: [String: Int] = [:]
            for row in try StoreRow.fetchAll(db, sql: "SELECT roles, count(*) AS n FROM asset GROUP BY roles") {
                for role in Self.words(row["roles"]) { roles[role, default: 0] += row["n"] as Int }
            }
            o.byRole = roles.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(12).map { ($0.key, $0.value) }
            o.openAlerts = try StoreRow.fetchAll(
                db, sql: "SELECT level, count(*) AS n FROM alert WHERE state IN ('open', 'acknowledged') GROUP BY level"
            ).map { ($0["level"], $0["n"]) }.sorted { AlertLevel.rank($0.level) > AlertLevel.rank($1.level) }
            o.alertDays = try StoreRow.fetchAll(
                db,
                sql: """
                    SELECT day, level, count AS n FROM alert_day
                    WHERE day >= (SELECT \(db.dialect.daysBefore("max(day)", 13)) FROM alert_day) ORDER BY day DESC
                    """
            ).map { ($0["day"], $0["level"], $0["n"]) }
            o.mostVulnerable = try StoreRow.fetchAll(
                db,
                sql: "SELECT key, name, vulnerabilities FROM asset WHERE vulnerabilities > 0 ORDER BY vulnerabilities DESC, key LIMIT 10"
            ).map { ($0["key"], $0["name"] ?? $0["key"], $0["vulnerabilities"]) }
            return o
        }
    }
}
