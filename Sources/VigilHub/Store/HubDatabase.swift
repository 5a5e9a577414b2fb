import Foundation
import GRDB
import VigilCore
import VigilResponse

/// The hub's store: SQLite by default (one file in WAL mode, where readers never wait for the
/// writer), opened with numbered migrations. Every change that must happen together (a batch
/// and its events, an audit entry and its signed tree head) is one transaction, so a hub killed
/// at any moment leaves either all of it or none.
///
/// The queries are written once, against `StoreTransaction`; the backend runs them.
public final class HubDatabase: Sendable {
    let backend: Backend
    /// Where the store is: a file path, or a PostgreSQL URL without its password.
    public let location: String
    /// Told of every change to the response actions in force (see `ResponseSignal`).
    public let responseChanges = ResponseSignal()

    enum Backend: Sendable {
        case sqlite(DatabasePool)
        case postgres(PostgresStore)
    }

    /// A SQLite store in the file at `path`, made if it does not exist.
    public init(path: String) throws(VigilError) {
        location = path
        do {
            var config = Configuration()
            config.foreignKeysEnabled = true
            // Several hub processes (or a CLI command beside a running hub) may write at once:
            // wait for the other writer rather than fail.
            config.busyMode = .timeout(10)
            // SQLite's default page cache is 2 MiB. Ingest appends to the event and alert
            // tables and to each of their indexes; once those hot pages outgrow the cache,
            // every batch reads them back from the file. 64 MiB per connection, used only as
            // it fills.
            // The write-ahead log is copied back into the database every 16,384 pages (64 MiB)
            // rather than SQLite's 1,000: the index pages each commit touches are written back
            // once for many commits, not after every few (8 sensors' ingest: about 42,000
            // records/s, was 38,000). Commits still reach the disk at once; only the copy waits.
            config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 16384") }
            let pool = try DatabasePool(path: path, configuration: config)
            // A batch is acknowledged once its transaction commits, and the sensor then
            // deletes it from its spool: the commit must be on the disk, not only in the
            // system's cache, or a power cut would lose batches no one holds any more. GRDB
            // sets a pool's writer to NORMAL, which syncs the log only at checkpoints; FULL
            // syncs it at every commit (https://www.sqlite.org/pragma.html#pragma_synchronous).
            // Commits are group commits, a few a second: 8 sensors' ingest showed no cost.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try HubSchema.migrator.migrate(pool)
            backend = .sqlite(pool)
        } catch {
            throw VigilError(.ioFailure, "cannot open the hub database: \(error)", source: path)
        }
    }

    /// A PostgreSQL store at `url` (postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE), whose
    /// tables are made or brought up to date.
    public init(postgresURL url: String) throws(VigilError) {
        do {
            let store = try PostgresStore(url: url)
            location = store.location
            backend = .postgres(store)
        } catch let error as PostgresStoreError where error.unreachable {
            throw VigilError(.unavailable, "cannot open the hub database: \(error)", source: PostgresStore.redacted(url))
        } catch {
            throw VigilError(.ioFailure, "cannot open the hub database: \(error)", source: PostgresStore.redacted(url))
        }
    }

    /// The store `locator` names, waiting for a database server that cannot be reached yet
    /// (not started, restarting) rather than failing: a hub started beside its database, by
    /// systemd or in a container, must come up once the database does. `waiting` is told why
    /// at the first failed try and every minute after; any other fault fails at once.
    public static func opened(
        locator: String, retryEvery interval: Duration = .seconds(2), waiting: (VigilError) -> Void
    ) async throws(VigilError) -> HubDatabase {
        var lastTold: ContinuousClock.Instant?
        while true {
            do {
                return try HubDatabase(locator: locator)
            } catch  where error.code == .unavailable {
                if lastTold.map({ ContinuousClock.now - $0 >= .seconds(60) }) ?? true {
                    waiting(error)
                    lastTold = .now
                }
                try? await Task.sleep(for: interval)
                if Task.isCancelled { throw error }
            }
        }
    }

    /// A `--database` value fit to show, its password hidden.
    public static func shown(locator: String) -> String { PostgresStore.redacted(locator) }

    /// The store a `--database` value names: sqlite:PATH, a plain path, or a postgres:// URL.
    public convenience init(locator: String) throws(VigilError) {
        if locator.hasPrefix("postgres://") || locator.hasPrefix("postgresql://") {
            try self.init(postgresURL: locator)
        } else {
            try self.init(path: locator.hasPrefix("sqlite:") ? String(locator.dropFirst("sqlite:".count)) : locator)
        }
    }

    /// From now on, `responseChanges` also tells of the changes other hubs sharing this store
    /// make (PostgreSQL; a SQLite file has one hub). Called by a serving hub, whose enforcers
    /// hold polls; commands beside it need not hold a listening connection.
    public func followOtherHubs() {
        if case .postgres(let store) = backend {
            store.onResponseChange { [responseChanges] in await responseChanges.changed() }
        }
    }

    /// Runs `body` in a transaction that only reads.
    func read<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let pool):
            try await pool.read { db in try body(StoreTransaction(driver: SQLiteDriver(db), dialect: .sqlite)) }
        case .postgres(let store):
            try await store.transaction(writes: false, body)
        }
    }

    /// Runs `body` in one transaction that may write: all of its changes are kept, or none.
    func write<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws -> T {
        // What the transaction appended to the audit log is stored last (see `PendingAudit`).
        let whole: @Sendable (StoreTransaction) throws -> T = { db in
            let result = try body(db)
            try Self.storePendingAudit(db)
            return result
        }
        return switch backend {
        case .sqlite(let pool):
            try await pool.write { db in try whole(StoreTransaction(driver: SQLiteDriver(db), dialect: .sqlite)) }
        case .postgres(let store):
            try await store.transaction(writes: true, whole)
        }
    }

    /// The current time as the store records it.
    public static func now() -> Double { Date().timeIntervalSince1970 }
}
