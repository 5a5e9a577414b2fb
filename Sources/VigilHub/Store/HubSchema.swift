import GRDB
import VigilHubWire

/// The hub's tables, created and upgraded by numbered migrations so that a database made by an
/// older hub opens in a newer one.
enum HubSchema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sensor (
                        name TEXT PRIMARY KEY,
                        certificate BLOB NOT NULL,         -- DER, as the hub's authority issued it
                        public_key BLOB NOT NULL,          -- the key batches must be signed with (X9.63)
                        enrolled REAL NOT NULL,
                        revoked REAL,                      -- set once; a revoked sensor is refused
                        last_sequence INTEGER NOT NULL DEFAULT 0,
                        last_batch REAL,
                        missing_batches INTEGER NOT NULL DEFAULT 0  -- dropped by the sensor's spool
                    );
                    CREATE TABLE enrollment_token (
                        digest BLOB PRIMARY KEY,           -- SHA-256 of the secret; the secret is never stored
                        created REAL NOT NULL,
                        expires REAL NOT NULL,
                        used REAL,
                        used_by TEXT
                    );
                    CREATE TABLE batch (
                        sensor TEXT NOT NULL REFERENCES sensor(name),
                        sequence INTEGER NOT NULL,
                        digest BLOB NOT NULL,              -- SHA-256 of the body: a resend must be the same bytes
                        created REAL NOT NULL,
                        received REAL NOT NULL,
                        records INTEGER NOT NULL,
                        PRIMARY KEY (sensor, sequence)
                    );
                    CREATE TABLE event (
                        id INTEGER PRIMARY KEY,
                        sensor TEXT NOT NULL,
                        sequence INTEGER NOT NULL,         -- the batch it came in
                        log TEXT NOT NULL,                 -- conn, notice, weird, modbus, …
                        ts REAL,
                        uid TEXT,
                        row TEXT NOT NULL                  -- the row as JSON, as the sensor sent it
                    );
                    CREATE INDEX event_by_log_time ON event(log, ts);
                    CREATE TABLE asset (
                        key TEXT PRIMARY KEY,              -- the MAC for a local device, else its address
                        document TEXT NOT NULL,            -- the latest assets.json entry for it (JSON)
                        first_seen REAL,
                        last_seen REAL
                    );
                    CREATE TABLE asset_sensor (
                        asset TEXT NOT NULL REFERENCES asset(key),
                        sensor TEXT NOT NULL,
                        last_seen REAL,
                        PRIMARY KEY (asset, sensor)
                    );
                    CREATE TABLE refusal (
                        id INTEGER PRIMARY KEY,
                        received REAL NOT NULL,
                        sensor TEXT,                       -- as the request named it, if it did
                        sequence INTEGER,
                        reason TEXT NOT NULL
                    );
                    CREATE TABLE audit_entry (
                        sequence INTEGER PRIMARY KEY,      -- 0, 1, 2, …: the leaf index in the Merkle tree
                        time INTEGER NOT NULL,             -- microseconds since 1970: integers hash the same everywhere
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        detail TEXT NOT NULL,
                        leaf BLOB NOT NULL                 -- its leaf hash, kept to append fast; verify recomputes it
                    );
                    CREATE TABLE api_token (
                        digest BLOB PRIMARY KEY,           -- SHA-256 of the token; the token is shown once
                        name TEXT NOT NULL UNIQUE,         -- who or what holds it
                        role TEXT NOT NULL,                -- viewer, analyst or admin
                        created REAL NOT NULL,
                        revoked REAL
                    );
                    CREATE TABLE tree_head (
                        size INTEGER PRIMARY KEY,
                        root BLOB NOT NULL,
                        time INTEGER NOT NULL,             -- microseconds since 1970
                        signature BLOB NOT NULL            -- the hub's audit key over AuditTreeHead.signedBytes
                    );
                    """)
        }
        m.registerMigration("v2: alert triage") { db in
            try db.execute(
                sql: """
                    CREATE TABLE alert (
                        event INTEGER PRIMARY KEY REFERENCES event(id),  -- the notice row
                        sensor TEXT NOT NULL,
                        ts REAL,
                        rule TEXT NOT NULL,                -- the Sigma rule id, or Zeek's notice type
                        level TEXT NOT NULL,               -- informational … critical, or empty
                        message TEXT NOT NULL,
                        source TEXT,
                        destination TEXT,
                        state TEXT NOT NULL DEFAULT 'open', -- open, acknowledged, closed
                        assignee TEXT,
                        updated REAL,
                        updated_by TEXT
                    );
                    CREATE INDEX alert_by_state ON alert(state, event);
                    CREATE TABLE alert_comment (
                        id INTEGER PRIMARY KEY,
                        alert INTEGER NOT NULL REFERENCES alert(event),
                        time REAL NOT NULL,
                        author TEXT NOT NULL,
                        text TEXT NOT NULL
                    );
                    """)
        }
        m.registerMigration("v3: users and sessions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE "user" (
                        name TEXT PRIMARY KEY,
                        role TEXT NOT NULL,                -- viewer, analyst or admin
                        password TEXT NOT NULL,            -- PasswordHash's text: scrypt, its cost, salt and hash
                        created REAL NOT NULL
                    );
                    CREATE TABLE session (
                        digest BLOB PRIMARY KEY,           -- SHA-256 of the cookie's value; the value is never stored
                        "user" TEXT NOT NULL REFERENCES "user"(name) ON DELETE CASCADE,
                        csrf TEXT NOT NULL,                -- what unsafe requests must echo in X-CSRF-Token
                        created REAL NOT NULL,
                        expires REAL NOT NULL
                    );
                    CREATE TABLE sign_in_failure (
                        name TEXT NOT NULL,
                        time REAL NOT NULL
                    );
                    CREATE INDEX sign_in_failure_by_name ON sign_in_failure(name, time);
                    """)
        }
        m.registerMigration("v4: dashboard views") { db in
            try db.execute(
                sql: """
                    -- What the dashboard filters and sorts assets by, taken from the document at
                    -- each merge (AssetColumns) so that no page decodes every document.
                    ALTER TABLE asset ADD COLUMN name TEXT;
                    ALTER TABLE asset ADD COLUMN zone TEXT;           -- the /24 (IPv4) or /64 (IPv6) of its first address
                    ALTER TABLE asset ADD COLUMN level INTEGER;       -- Purdue level as shown: the one set by hand, else the document's
                    ALTER TABLE asset ADD COLUMN level_override INTEGER;  -- set by an analyst; sensors' documents do not change it
                    ALTER TABLE asset ADD COLUMN level_set_by TEXT;
                    ALTER TABLE asset ADD COLUMN type TEXT;
                    ALTER TABLE asset ADD COLUMN vendor TEXT;
                    ALTER TABLE asset ADD COLUMN model TEXT;
                    ALTER TABLE asset ADD COLUMN firmware TEXT;
                    ALTER TABLE asset ADD COLUMN addresses TEXT;      -- space-separated
                    ALTER TABLE asset ADD COLUMN roles TEXT;          -- space-separated, with a space at each end
                    ALTER TABLE asset ADD COLUMN protocols TEXT;      -- likewise
                    ALTER TABLE asset ADD COLUMN vulnerabilities INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE asset ADD COLUMN search TEXT;         -- lowercased text a search looks in
                    -- One index per order and grouping the dashboard asks for, so that no page
                    -- sorts or scans every device.
                    CREATE INDEX asset_by_name ON asset(name COLLATE NOCASE, key);
                    CREATE INDEX asset_by_addresses ON asset(addresses, key);
                    CREATE INDEX asset_by_level ON asset(level IS NULL, level, key);
                    CREATE INDEX asset_by_vendor ON asset(vendor IS NULL, vendor COLLATE NOCASE, key);
                    CREATE INDEX asset_by_model ON asset(model IS NULL, model COLLATE NOCASE, key);
                    CREATE INDEX asset_by_firmware ON asset(firmware IS NULL, firmware, key);
                    CREATE INDEX asset_by_first_seen ON asset(first_seen, key);
                    CREATE INDEX asset_by_last_seen ON asset(last_seen DESC, key);
                    CREATE INDEX asset_by_vulnerabilities ON asset(vulnerabilities DESC, key);
                    CREATE INDEX asset_by_zone ON asset(zone);
                    CREATE INDEX asset_by_roles ON asset(roles);
                    -- Which device holds an address, for drawing the map's busiest edges onto devices.
                    CREATE TABLE asset_address (
                        address TEXT PRIMARY KEY,
                        asset TEXT NOT NULL REFERENCES asset(key)
                    );
                    CREATE INDEX asset_address_by_asset ON asset_address(asset);
                    -- A device's identity as it changed: a field that took a new value.
                    CREATE TABLE asset_change (
                        id INTEGER PRIMARY KEY,
                        asset TEXT NOT NULL REFERENCES asset(key),
                        time REAL NOT NULL,                -- when the hub stored the change
                        sensor TEXT NOT NULL,
                        field TEXT NOT NULL,               -- vendor, product, model, firmware, serial, software, name, type
                        old TEXT,
                        new TEXT
                    );
                    CREATE INDEX asset_change_by_asset ON asset_change(asset, id);
                    -- Who talks to whom: conn rows folded per client, server, port and service.
                    CREATE TABLE map_edge (
                        client TEXT NOT NULL,
                        server TEXT NOT NULL,
                        transport TEXT NOT NULL,
                        server_port INTEGER NOT NULL,
                        protocol TEXT NOT NULL,            -- conn's service, or - when none was recognised
                        connections INTEGER NOT NULL,
                        packets INTEGER NOT NULL,
                        bytes INTEGER NOT NULL,            -- IP bytes both ways
                        first_seen REAL,
                        last_seen REAL,
                        PRIMARY KEY (client, server, transport, server_port, protocol)
                    );
                    CREATE INDEX map_edge_by_bytes ON map_edge(bytes);
                    CREATE INDEX map_edge_by_server ON map_edge(server);
                    CREATE INDEX map_edge_by_protocol ON map_edge(protocol, bytes);
                    CREATE INDEX alert_by_source ON alert(source);
                    CREATE INDEX alert_by_destination ON alert(destination);
                    CREATE INDEX alert_by_state_level ON alert(state, level);
                    -- Alerts per day (UTC, of the alert's own time) and level, counted as they
                    -- arrive: the overview's timeline without reading every alert.
                    CREATE TABLE alert_day (
                        day TEXT NOT NULL,                 -- YYYY-MM-DD
                        level TEXT NOT NULL,
                        count INTEGER NOT NULL,
                        PRIMARY KEY (day, level)
                    );
                    """)
            let store = StoreTransaction(driver: SQLiteDriver(db), dialect: .sqlite)
            try HubDatabase.recountAlertDays(store)
            for row in try StoreRow.fetchAll(store, sql: "SELECT key, document FROM asset") {
                try AssetColumns(document: row["document"]).update(key: row["key"], store)
            }
            let conn = try StoreRow.fetchAll(store, sql: "SELECT row FROM event WHERE log = 'conn' ORDER BY id")
            try HubDatabase.foldIntoMap(conn.compactMap { ConnectionSummary(rowText: $0["row"]) }, store)
        }
        m.registerMigration("v5: response") { db in
            try db.execute(
                sql: """
                    -- What an enrolled machine does: a sensor ships batches, an enforcer applies rulesets.
                    ALTER TABLE sensor ADD COLUMN kind TEXT NOT NULL DEFAULT 'sensor';
                    -- The sensor's spool as its newest batch says: what waited ahead of that batch.
                    ALTER TABLE sensor ADD COLUMN spool_batches INTEGER;
                    ALTER TABLE sensor ADD COLUMN spool_bytes INTEGER;
                    -- Responses asked for by a playbook or an analyst (ResponseAction).
                    CREATE TABLE response_action (
                        id INTEGER PRIMARY KEY,
                        kind TEXT NOT NULL,                -- block-host, block-pair, quarantine, rate-limit, restore
                        address TEXT NOT NULL,             -- as IPAddress prints it
                        peer TEXT,                         -- block-pair: the other end
                        allowed TEXT NOT NULL DEFAULT '',  -- quarantine: space-separated peers still allowed
                        rate INTEGER,                      -- rate-limit: packets per second
                        register TEXT,                     -- restore: RegisterRestore as JSON
                        alert INTEGER,                     -- the alert that asked for it, if one did
                        playbook TEXT,
                        state TEXT NOT NULL,               -- pending, active, rejected, expired, rolled-back, done, failed
                        requested_by TEXT NOT NULL,
                        requested REAL NOT NULL,
                        decided_by TEXT,
                        decided REAL,
                        duration REAL NOT NULL,            -- seconds in force from approval or renewal
                        expires REAL,
                        version INTEGER,                   -- the ruleset version that first held it
                        applied REAL,                      -- when an enforcer reported that version applied
                        applied_by TEXT,
                        reason TEXT NOT NULL DEFAULT ''
                    );
                    CREATE INDEX response_action_by_state ON response_action(state, id);
                    CREATE INDEX response_action_by_alert ON response_action(alert);
                    -- One row: the version of the actions in force, raised by every change to them.
                    CREATE TABLE response_version (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        version INTEGER NOT NULL
                    );
                    INSERT INTO response_version (id, version) VALUES (1, 0);
                    -- What each enforcer said it did with each ruleset.
                    CREATE TABLE enforcer_report (
                        id INTEGER PRIMARY KEY,
                        enforcer TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        applied INTEGER NOT NULL,
                        error TEXT,
                        received REAL NOT NULL
                    );
                    CREATE INDEX enforcer_report_by_enforcer ON enforcer_report(enforcer, id);
                    """)
        }
        m.registerMigration("v6: audit frontier") { db in
            try db.execute(
                sql: """
                    -- The audit tree's right edge (MerkleFrontier): the roots of its perfect
                    -- subtrees, largest first, so an append reads these and not every leaf.
                    CREATE TABLE audit_frontier (
                        position INTEGER PRIMARY KEY,
                        height INTEGER NOT NULL,
                        hash BLOB NOT NULL
                    );
                    """)
        }
        m.registerMigration("v7: playbook requests by target") { db in
            try db.execute(sql: HubSchema.playbookRequestIndex)
        }
        m.registerMigration("v8: alerts by address, block by block") { db in
            try db.execute(sql: AlertAddressIndex.migration)
        }
        // PostgreSQL's v9 drops alerts' foreign key to their notice; SQLite's check of it is a
        // lookup in the notices' own key and stays. Kept as a step so that both lists number
        // the same changes alike.
        m.registerMigration("v9: alerts without a per-row check of their notice (PostgreSQL only)") { _ in }
        m.registerMigration("v10: events of a log in id order") { db in
            try db.execute(sql: HubSchema.eventsByLog)
        }
        m.registerMigration("v11: retention by ranges of event ids") { db in
            try db.execute(sql: HubSchema.retentionRanges(integer: "INTEGER"))
        }
        return m
    }

    /// Each batch notes the id of its first event, and retention where it stopped for each
    /// kind of row (`retention_mark`): pruning then deletes ranges of ids, reading only what
    /// arrived since it last ran, where it used to look up every stored event's batch, every
    /// hour, with ingest waiting. Batches stored before this note the least id left of theirs.
    static func retentionRanges(integer: String) -> String {
        """
        ALTER TABLE batch ADD COLUMN first_event \(integer);
        \(backfillFirstEvents);
        CREATE INDEX batch_by_first_event ON batch(first_event);
        CREATE TABLE retention_mark (
            kind TEXT PRIMARY KEY,
            below \(integer) NOT NULL
        )
        """
    }

    static let backfillFirstEvents = """
        UPDATE batch SET first_event = stored.first_id
        FROM (SELECT sensor, sequence, min(id) AS first_id FROM event GROUP BY sensor, sequence) AS stored
        WHERE batch.sensor = stored.sensor AND batch.sequence = stored.sequence
        """

    /// The events API pages through one log's events in id order (`log = ? AND id > ? ORDER BY
    /// id`). The first index, by log and time, served no query: a page of notices read past
    /// every older connection first (87 ms on PostgreSQL with 1.25 million events; a rare log
    /// among many would read them all).
    static let eventsByLog = """
        DROP INDEX IF EXISTS event_by_log_time;
        CREATE INDEX event_by_log ON event(log, id)
        """

    /// A playbook asks again only when it has not already asked for the same thing: each alert
    /// looks up its playbook's pending or active request for the same kind and address. Without
    /// this index that look-up read every pending action, once per alert, and a batch of
    /// critical alerts spent a third of its transaction there.
    static let playbookRequestIndex =
        "CREATE INDEX response_action_by_playbook ON response_action(playbook, kind, address, id) WHERE state IN ('pending', 'active')"
}
