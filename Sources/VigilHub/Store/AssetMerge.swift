import VigilHubWire

/// Merges a batch's devices into the asset tables, many devices to a statement.
///
/// One device seen by several sensors is one asset: keyed by assets.json's `key` (its MAC when
/// the MAC is its own, else its address); the latest description wins, first and last seen
/// widen, each sensor that saw it is kept, and each identity field that took a new value is
/// recorded in the asset's history.
///
/// Merging a device at a time cost six statements each: on PostgreSQL, six round trips, which
/// made a sensor's first batch (its whole inventory) take seconds. Devices now go in runs of
/// up to `BatchedInsert.longestRun`. A run holds each key once, since one upsert may change a
/// row only once; a device sent twice in a batch starts a new run, so the later description
/// still wins and the change between the two is still recorded.
struct AssetMerge {
    let sensor: String
    let db: StoreTransaction

    func merge(_ records: [ShippedRecord]) throws {
        var run: [(key: String, record: ShippedRecord)] = []
        var keys = Set<String>()
        for record in records {
            guard let key = record.assetKey else { continue }
            if keys.contains(key) || run.count == BatchedInsert.longestRun {
                try merge(run: run)
                run.removeAll(keepingCapacity: true)
                keys.removeAll(keepingCapacity: true)
            }
            keys.insert(key)
            run.append((key, record))
        }
        if !run.isEmpty { try merge(run: run) }
    }

    private func merge(run devices: [(key: String, record: ShippedRecord)]) throws {
        let keys = devices.map(\.key)
        var before: [String: AssetColumns] = [:]
        for part in BatchedInsert.runs(of: keys) {
            let rows = try StoreRow.fetchAll(
                db, sql: "SELECT key, document FROM asset WHERE key IN (\(Self.placeholders(part.count)))",
                arguments: StoreArguments(part.map { $0 }))
            for row in rows {
                let key: String = row["key"]
                before[key] = AssetColumns(document: row["document"])
            }
        }
        let now = HubDatabase.now()
        var assets = BatchedInsert(
            db, into: "asset", columns: Self.assetColumns, onConflict: Self.assetUpsert[db.dialect]!, flushesWhenFull: false)
        var changes = BatchedInsert(
            db, into: "asset_change", columns: ["asset", "time", "sensor", "field", "old", "new"], flushesWhenFull: false)
        var seenBy = BatchedInsert(
            db, into: "asset_sensor", columns: ["asset", "sensor", "last_seen"], onConflict: Self.sensorUpsert[db.dialect]!,
            flushesWhenFull: false)
        // One address, one device: the latest to claim it (a lease passed on) keeps it.
        var claims: [String: String] = [:]
        var claimOrder: [String] = []
        for (key, record) in devices {
            let columns = AssetColumns(document: record.row)
            try assets.add(StoreArguments([key, record.row, record.firstSeen, record.lastSeen] + columns.values))
            if let old = before[key] {
                for change in columns.changes(from: old) { try changes.add([key, now, sensor, change.field, change.old, change.new]) }
            }
            try seenBy.add([key, sensor, record.lastSeen])
            for address in columns.addresses.split(separator: " ").map(String.init) {
                if claims.updateValue(key, forKey: address) == nil { claimOrder.append(address) }
            }
        }
        try assets.flush()
        try changes.flush()
        try seenBy.flush()
        // A device's addresses are those its latest description gives: the ones it held before
        // are let go first.
        for part in BatchedInsert.runs(of: keys) {
            try db.execute(
                sql: "DELETE FROM asset_address WHERE asset IN (\(Self.placeholders(part.count)))",
                arguments: StoreArguments(part.map { $0 }))
        }
        var addresses = BatchedInsert(
            db, into: "asset_address", columns: ["address", "asset"],
            onConflict: "ON CONFLICT(address) DO UPDATE SET asset = excluded.asset")
        for address in claimOrder { try addresses.add([address, claims[address]]) }
        try addresses.flush()
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    private static let assetColumns = ["key", "document", "first_seen", "last_seen"] + AssetColumns.names

    /// The latest description wins, but a Purdue level set by an analyst stays; first and last
    /// seen widen.
    private static let assetUpsert = SQLDialect.each { d in
        """
        ON CONFLICT(key) DO UPDATE SET document = excluded.document,
            first_seen = \(d.least("coalesce(asset.first_seen, excluded.first_seen)", "coalesce(excluded.first_seen, asset.first_seen)")),
            last_seen = \(d.greatest("coalesce(asset.last_seen, excluded.last_seen)", "coalesce(excluded.last_seen, asset.last_seen)")),
            \(AssetColumns.assignments(overrideColumn: "asset.level_override") { "excluded.\($0)" })
        """
    }

    private static let sensorUpsert = SQLDialect.each { d in
        """
        ON CONFLICT(asset, sensor) DO UPDATE SET last_seen = \(d.greatest("coalesce(asset_sensor.last_seen, 0)", "coalesce(excluded.last_seen, 0)"))
        """
    }
}
