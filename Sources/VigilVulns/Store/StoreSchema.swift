import GRDB

/// The vulnerability store's tables, created and upgraded by numbered migrations so that a
/// store made by an older Vigil opens in a newer one. Every row belongs to one imported
/// document and goes with it when a newer revision replaces it.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE document (
                        key TEXT PRIMARY KEY,          -- csaf:ICSA-23-222-09, nvd:CVE-2022-4304, kev:catalog
                        kind TEXT NOT NULL,            -- csaf, nvd or kev
                        revision TEXT NOT NULL,        -- tracking version@date, lastModified, catalogVersion
                        title TEXT NOT NULL,
                        source TEXT NOT NULL,          -- the file it was imported from
                        imported_at TEXT NOT NULL
                    );
                    CREATE TABLE advisory (
                        document TEXT PRIMARY KEY REFERENCES document(key) ON DELETE CASCADE,
                        id TEXT NOT NULL, publisher TEXT NOT NULL, released TEXT NOT NULL
                    );
                    CREATE TABLE advisory_product (
                        document TEXT NOT NULL REFERENCES document(key) ON DELETE CASCADE,
                        product_id TEXT NOT NULL, vendor TEXT NOT NULL, families TEXT NOT NULL, name TEXT NOT NULL,
                        version_text TEXT, version_is_range INTEGER NOT NULL, model_numbers TEXT NOT NULL,
                        cpe TEXT, full_name TEXT NOT NULL,
                        PRIMARY KEY (document, product_id)
                    );
                    CREATE TABLE advisory_vulnerability (
                        document TEXT NOT NULL REFERENCES document(key) ON DELETE CASCADE,
                        ordinal INTEGER NOT NULL, cve TEXT, title TEXT,
                        PRIMARY KEY (document, ordinal)
                    );
                    CREATE TABLE advisory_status (
                        document TEXT NOT NULL REFERENCES document(key) ON DELETE CASCADE,
                        ordinal INTEGER NOT NULL, product_id TEXT NOT NULL, status TEXT NOT NULL,
                        base_score REAL, vector TEXT
                    );
                    CREATE TABLE advisory_remediation (
                        document TEXT NOT NULL REFERENCES document(key) ON DELETE CASCADE,
                        ordinal INTEGER NOT NULL, category TEXT NOT NULL, details TEXT NOT NULL, url TEXT,
                        product_ids TEXT NOT NULL
                    );
                    CREATE TABLE cve_record (
                        document TEXT PRIMARY KEY REFERENCES document(key) ON DELETE CASCADE,
                        cve TEXT NOT NULL UNIQUE, last_modified TEXT NOT NULL, description TEXT NOT NULL,
                        base_score REAL, vector TEXT
                    );
                    CREATE TABLE cpe_match (
                        document TEXT NOT NULL REFERENCES document(key) ON DELETE CASCADE,
                        configuration INTEGER NOT NULL, configuration_requires_all INTEGER NOT NULL,
                        node INTEGER NOT NULL, node_requires_all INTEGER NOT NULL, node_negate INTEGER NOT NULL,
                        vulnerable INTEGER NOT NULL, criteria TEXT NOT NULL,
                        start_including TEXT, start_excluding TEXT, end_including TEXT, end_excluding TEXT
                    );
                    CREATE TABLE known_exploited (
                        document TEXT NOT NULL REFERENCES document(key) ON DELETE CASCADE,
                        cve TEXT PRIMARY KEY, vendor TEXT NOT NULL, product TEXT NOT NULL, name TEXT NOT NULL,
                        date_added TEXT NOT NULL, due_date TEXT NOT NULL, ransomware_use TEXT NOT NULL,
                        required_action TEXT NOT NULL
                    );
                    CREATE INDEX advisory_product_document ON advisory_product(document);
                    CREATE INDEX advisory_status_document ON advisory_status(document);
                    CREATE INDEX advisory_remediation_document ON advisory_remediation(document);
                    CREATE INDEX cpe_match_document ON cpe_match(document);
                    CREATE INDEX known_exploited_document ON known_exploited(document);
                    """)
        }
        return m
    }
}
