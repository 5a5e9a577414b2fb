import Foundation

/// The hub's tables on PostgreSQL: the same tables, columns and indexes as `HubSchema` makes on
/// SQLite, in PostgreSQL's types (REAL: double precision, INTEGER: bigint, BLOB: bytea). A
/// change to the schema is a new migration in both lists.
enum PostgresSchema {
    static let migrations: [(name: String, script: String)] = [
        ("v6: the schema of SQLite's v1 to v6", v6),
        (
            // The map is folded from values read off each conn row when its batch is checked,
            // so no query reads a row's text as JSON any more, and v6's helper goes.
            "v7: playbook requests by target", HubSchema.playbookRequestIndex + ";\nDROP FUNCTION IF EXISTS vigil_json_object(text)"
        ),
        ("v8: alerts by address, block by block", AlertAddressIndex.migration),
        ("v9: alerts without a per-row check of their notice", dropAlertEventCheck),
        ("v10: events of a log in id order", HubSchema.eventsByLog),
        ("v11: retention by ranges of event ids", HubSchema.retentionRanges(integer: "BIGINT") + ";\n" + firstEventOfOlderHubs),
    ]

    /// Several hubs may share a database, and while they are upgraded one by one an older hub
    /// stores batches without noting their first event; retention would then take those
    /// batches' events for older ones. The server notes it for them: an older hub, too, hands
    /// out a batch's ids from the highest stored plus one, after inserting the batch's row.
    static let firstEventOfOlderHubs = """
        CREATE OR REPLACE FUNCTION vigil_batch_first_event() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.first_event := (SELECT coalesce(max(id), 0) + 1 FROM event);
            RETURN NEW;
        END $$;
        CREATE TRIGGER batch_first_event BEFORE INSERT ON batch
            FOR EACH ROW WHEN (NEW.first_event IS NULL) EXECUTE FUNCTION vigil_batch_first_event()
        """

    /// PostgreSQL checks a foreign key with a trigger that runs a query for each row inserted:
    /// for alerts, a fifth of the server's time during ingest. The hub writes an alert only
    /// beside its notice row, in the same transaction, and retention removes alerts before
    /// their notices, so the check could never fail. (SQLite's check is a lookup in the
    /// notices' own key and stays.)
    static let dropAlertEventCheck = "ALTER TABLE alert DROP CONSTRAINT IF EXISTS alert_event_fkey"

    /// A script's statements, split at semicolons outside quotes and $$-quoted bodies; lines
    /// that are only a comment are dropped first.
    static func statements(_ script: String) -> [String] {
        let script = script.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }.joined(separator: "\n")
        var statements: [String] = []
        var current = ""
        var inDollar = false
        var inQuote = false
        var previous: Character = " "
        for character in script {
            if character == "'" && !inDollar { inQuote.toggle() }
            if character == "$" && previous == "$" && !inQuote { inDollar.toggle() }
            if character == ";" && !inDollar && !inQuote {
                let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !statement.isEmpty { statements.append(statement) }
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        let last = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !last.isEmpty { statements.append(last) }
        return statements
    }

    static let v6 = """
        -- SQLite's NOCASE, for the dashboard's sorts by name, vendor and model.
        CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
        -- A conn row as a JSON object, or an empty one where the text is not a JSON object: a
        -- sensor's malformed row must not end the transaction storing its batch.
        CREATE OR REPLACE FUNCTION vigil_json_object(t text) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
        BEGIN
            IF jsonb_typeof(t::jsonb) = 'object' THEN RETURN t::jsonb; END IF;
            RETURN '{}'::jsonb;
        EXCEPTION WHEN others THEN
            RETURN '{}'::jsonb;
        END $$;
        CREATE TABLE sensor (
            name TEXT PRIMARY KEY,
            certificate BYTEA NOT NULL,
            public_key BYTEA NOT NULL,
            enrolled DOUBLE PRECISION NOT NULL,
            revoked DOUBLE PRECISION,
            last_sequence BIGINT NOT NULL DEFAULT 0,
            last_batch DOUBLE PRECISION,
            missing_batches BIGINT NOT NULL DEFAULT 0,
            kind TEXT NOT NULL DEFAULT 'sensor',
            spool_batches BIGINT,
            spool_bytes BIGINT
        );
        CREATE TABLE enrollment_token (
            digest BYTEA PRIMARY KEY,
            created DOUBLE PRECISION NOT NULL,
            expires DOUBLE PRECISION NOT NULL,
            used DOUBLE PRECISION,
            used_by TEXT
        );
        CREATE TABLE batch (
            sensor TEXT NOT NULL REFERENCES sensor(name),
            sequence BIGINT NOT NULL,
            digest BYTEA NOT NULL,
            created DOUBLE PRECISION NOT NULL,
            received DOUBLE PRECISION NOT NULL,
            records BIGINT NOT NULL,
            PRIMARY KEY (sensor, sequence)
        );
        CREATE TABLE event (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            sensor TEXT NOT NULL,
            sequence BIGINT NOT NULL,
            log TEXT NOT NULL,
            ts DOUBLE PRECISION,
            uid TEXT,
            row TEXT NOT NULL
        );
        CREATE INDEX event_by_log_time ON event(log, ts);
        CREATE TABLE asset (
            key TEXT PRIMARY KEY,
            document TEXT NOT NULL,
            first_seen DOUBLE PRECISION,
            last_seen DOUBLE PRECISION,
            name TEXT,
            zone TEXT,
            level BIGINT,
            level_override BIGINT,
            level_set_by TEXT,
            type TEXT,
            vendor TEXT,
            model TEXT,
            firmware TEXT,
            addresses TEXT,
            roles TEXT,
            protocols TEXT,
            vulnerabilities BIGINT NOT NULL DEFAULT 0,
            search TEXT
        );
        CREATE INDEX asset_by_name ON asset(name COLLATE nocase, key);
        CREATE INDEX asset_by_addresses ON asset(addresses, key);
        CREATE INDEX asset_by_level ON asset((level IS NULL), level, key);
        CREATE INDEX asset_by_vendor ON asset((vendor IS NULL), vendor COLLATE nocase, key);
        CREATE INDEX asset_by_model ON asset((model IS NULL), model COLLATE nocase, key);
        CREATE INDEX asset_by_firmware ON asset((firmware IS NULL), firmware, key);
        CREATE INDEX asset_by_first_seen ON asset(first_seen, key);
        CREATE INDEX asset_by_last_seen ON asset(last_seen DESC, key);
        CREATE INDEX asset_by_vulnerabilities ON asset(vulnerabilities DESC, key);
        CREATE INDEX asset_by_zone ON asset(zone);
        CREATE INDEX asset_by_roles ON asset(roles);
        CREATE TABLE asset_sensor (
            asset TEXT NOT NULL REFERENCES asset(key),
            sensor TEXT NOT NULL,
            last_seen DOUBLE PRECISION,
            PRIMARY KEY (asset, sensor)
        );
        CREATE TABLE asset_address (
            address TEXT PRIMARY KEY,
            asset TEXT NOT NULL REFERENCES asset(key)
        );
        CREATE INDEX asset_address_by_asset ON asset_address(asset);
        CREATE TABLE asset_change (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            asset TEXT NOT NULL REFERENCES asset(key),
            time DOUBLE PRECISION NOT NULL,
            sensor TEXT NOT NULL,
            field TEXT NOT NULL,
            old TEXT,
            new TEXT
        );
        CREATE INDEX asset_change_by_asset ON asset_change(asset, id);
        CREATE TABLE map_edge (
            client TEXT NOT NULL,
            server TEXT NOT NULL,
            transport TEXT NOT NULL,
            server_port BIGINT NOT NULL,
            protocol TEXT NOT NULL,
            connections BIGINT NOT NULL,
            packets BIGINT NOT NULL,
            bytes BIGINT NOT NULL,
            first_seen DOUBLE PRECISION,
            last_seen DOUBLE PRECISION,
            PRIMARY KEY (client, server, transport, server_port, protocol)
        );
        CREATE INDEX map_edge_by_bytes ON map_edge(bytes);
        CREATE INDEX map_edge_by_server ON map_edge(server);
        CREATE INDEX map_edge_by_protocol ON map_edge(protocol, bytes);
        CREATE TABLE refusal (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            received DOUBLE PRECISION NOT NULL,
            sensor TEXT,
            sequence BIGINT,
            reason TEXT NOT NULL
        );
        CREATE TABLE audit_entry (
            sequence BIGINT PRIMARY KEY,
            time BIGINT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            detail TEXT NOT NULL,
            leaf BYTEA NOT NULL
        );
        CREATE TABLE audit_frontier (
            position BIGINT PRIMARY KEY,
            height BIGINT NOT NULL,
            hash BYTEA NOT NULL
        );
        CREATE TABLE api_token (
            digest BYTEA PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL,
            created DOUBLE PRECISION NOT NULL,
            revoked DOUBLE PRECISION
        );
        CREATE TABLE tree_head (
            size BIGINT PRIMARY KEY,
            root BYTEA NOT NULL,
            time BIGINT NOT NULL,
            signature BYTEA NOT NULL
        );
        CREATE TABLE alert (
            event BIGINT PRIMARY KEY REFERENCES event(id),
            sensor TEXT NOT NULL,
            ts DOUBLE PRECISION,
            rule TEXT NOT NULL,
            level TEXT NOT NULL,
            message TEXT NOT NULL,
            source TEXT,
            destination TEXT,
            state TEXT NOT NULL DEFAULT 'open',
            assignee TEXT,
            updated DOUBLE PRECISION,
            updated_by TEXT
        );
        CREATE INDEX alert_by_state ON alert(state, event);
        CREATE INDEX alert_by_source ON alert(source);
        CREATE INDEX alert_by_destination ON alert(destination);
        CREATE INDEX alert_by_state_level ON alert(state, level);
        CREATE TABLE alert_comment (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            alert BIGINT NOT NULL REFERENCES alert(event),
            time DOUBLE PRECISION NOT NULL,
            author TEXT NOT NULL,
            text TEXT NOT NULL
        );
        CREATE TABLE alert_day (
            day TEXT NOT NULL,
            level TEXT NOT NULL,
            count BIGINT NOT NULL,
            PRIMARY KEY (day, level)
        );
        CREATE TABLE "user" (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            password TEXT NOT NULL,
            created DOUBLE PRECISION NOT NULL
        );
        CREATE TABLE session (
            digest BYTEA PRIMARY KEY,
            "user" TEXT NOT NULL REFERENCES "user"(name) ON DELETE CASCADE,
            csrf TEXT NOT NULL,
            created DOUBLE PRECISION NOT NULL,
            expires DOUBLE PRECISION NOT NULL
        );
        CREATE TABLE sign_in_failure (
            name TEXT NOT NULL,
            time DOUBLE PRECISION NOT NULL
        );
        CREATE INDEX sign_in_failure_by_name ON sign_in_failure(name, time);
        CREATE TABLE response_action (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            kind TEXT NOT NULL,
            address TEXT NOT NULL,
            peer TEXT,
            allowed TEXT NOT NULL DEFAULT '',
            rate BIGINT,
            register TEXT,
            alert BIGINT,
            playbook TEXT,
            state TEXT NOT NULL,
            requested_by TEXT NOT NULL,
            requested DOUBLE PRECISION NOT NULL,
            decided_by TEXT,
            decided DOUBLE PRECISION,
            duration DOUBLE PRECISION NOT NULL,
            expires DOUBLE PRECISION,
            version BIGINT,
            applied DOUBLE PRECISION,
            applied_by TEXT,
            reason TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX response_action_by_state ON response_action(state, id);
        CREATE INDEX response_action_by_alert ON response_action(alert);
        CREATE TABLE response_version (
            id BIGINT PRIMARY KEY CHECK (id = 1),
            version BIGINT NOT NULL
        );
        INSERT INTO response_version (id, version) VALUES (1, 0);
        CREATE TABLE enforcer_report (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            enforcer TEXT NOT NULL,
            version BIGINT NOT NULL,
            applied BIGINT NOT NULL,
            error TEXT,
            received DOUBLE PRECISION NOT NULL
        );
        CREATE INDEX enforcer_report_by_enforcer ON enforcer_report(enforcer, id);
        """
}
