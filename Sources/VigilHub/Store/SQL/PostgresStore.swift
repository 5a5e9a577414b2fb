import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO

/// The hub's store on PostgreSQL, for a city that outgrows one file or runs several hubs.
///
/// Every transaction that writes first takes one advisory lock, held until it ends, so writers
/// run one at a time across every hub process sharing the database: the store's queries check
/// then write (a batch's sequence, the audit tree's frontier), as they do on SQLite, whose one
/// writer gives the same order. Readers never wait, as PostgreSQL's snapshots let them.
final class PostgresStore: Sendable {
    /// The URL as given, without its password: what errors and logs may show.
    let location: String
    private let configuration: PostgresConnection.Configuration
    private let idle = NIOLockedValueBox<[PostgresConnection]>([])
    private let nextID = NIOLockedValueBox(0)
    private let logger = Logger(label: "vigil.hub.postgres")
    /// Transactions wait for their answers, so they run here and not on an event loop or the
    /// async executor, whose threads must not block.
    private let queue = DispatchQueue(label: "vigil.hub.postgres", attributes: .concurrent)
    /// At most this many transactions at once, each on its own connection: writers take turns
    /// anyway, and a server's connections are shared by every hub and tool using it.
    static let maximumConnections = 8
    private let slots = DispatchSemaphore(value: maximumConnections)

    /// Notified (on commit) by every change to the response actions in force.
    static let responseChannel = "vigil_response"
    private let listener = NIOLockedValueBox<Task<Void, Never>?>(nil)

    /// The lock every writing transaction takes (an arbitrary number, the same in every hub).
    static let writerLock: Int64 = 0x5669_6769_6C48_7562

    /// `url`: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (postgresql:// also); the
    /// password may instead come from PGPASSWORD. Opens one connection and brings the schema
    /// up to date.
    init(url: String) throws {
        (configuration, location) = try Self.configuration(url)
        try migrate()
    }

    /// The connection settings a URL gives, and the URL to show (its password hidden).
    static func configuration(_ url: String) throws -> (PostgresConnection.Configuration, String) {
        guard let components = URLComponents(string: url), components.scheme == "postgres" || components.scheme == "postgresql",
            let host = components.host, !host.isEmpty
        else { throw PostgresStoreError("\(redacted(url)): not a postgres://USER@HOST[:PORT]/DATABASE URL") }
        let database = String(components.path.drop { $0 == "/" })
        var configuration = PostgresConnection.Configuration(
            host: host, port: components.port ?? 5432,
            username: components.user ?? ProcessInfo.processInfo.environment["PGUSER"] ?? "postgres",
            password: components.password ?? ProcessInfo.processInfo.environment["PGPASSWORD"],
            database: database.isEmpty ? nil : database, tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        return (configuration, redacted(url))
    }

    /// A database URL fit to show: its password, if it has one, replaced by `…`. Also for text
    /// that is not a well-formed URL, such as a mistyped `--database`.
    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].lastIndex(of: "@") else { return url }
        let credentials = url[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":…" + String(url[at...])
    }

    /// Makes an empty database on the server `url` names, connecting to the database the URL
    /// names (the server's default when none) as its user, who must be allowed to.
    static func createDatabase(_ name: String, serverURL url: String) throws {
        let (configuration, location) = try configuration(url)
        let logger = Logger(label: "vigil.hub.postgres")
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 0, logger: logger
            ).wait()
        } catch {
            throw PostgresStoreError(connecting: location, error)
        }
        defer { try? connection.close().wait() }
        let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        _ = try PostgresDriver(connection, logger: logger).execute(sql: "CREATE DATABASE \(quoted)", arguments: [])
    }

    /// Runs `body` in one transaction; `writes` takes the writers' lock first.
    func transaction<T: Sendable>(writes: Bool, _ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.transactionWaiting(writes: writes, body) })
            }
        }
    }

    private func transactionWaiting<T>(writes: Bool, _ body: (StoreTransaction) throws -> T) throws -> T {
        slots.wait()
        defer { slots.signal() }
        let connection = try checkOut()
        let driver = PostgresDriver(connection, logger: logger)
        do {
            _ = try driver.execute(sql: writes ? "BEGIN" : "BEGIN READ ONLY", arguments: [])
            if writes { _ = try driver.rows(sql: "SELECT pg_advisory_xact_lock(?)", arguments: [Self.writerLock]) }
            let result = try body(StoreTransaction(driver: driver, dialect: .postgres))
            _ = try driver.execute(sql: "COMMIT", arguments: [])
            checkIn(connection)
            return result
        } catch {
            // A connection whose transaction could not be rolled back is closed, not reused.
            if (try? driver.execute(sql: "ROLLBACK", arguments: [])) != nil {
                checkIn(connection)
            } else {
                try? connection.close().wait()
            }
            throw error
        }
    }

    private func checkOut() throws -> PostgresConnection {
        while let connection = idle.withLockedValue({ $0.popLast() }) {
            if !connection.isClosed { return connection }
        }
        let id = nextID.withLockedValue { value in
            value += 1
            return value
        }
        do {
            return try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: id, logger: logger
            ).wait()
        } catch {
            throw PostgresStoreError(connecting: location, error)
        }
    }

    private func checkIn(_ connection: PostgresConnection) {
        idle.withLockedValue { $0.append(connection) }
    }

    /// Applies the migrations this database has not had, in order, each in its own
    /// transaction with the writers' lock, so hubs starting together apply each once.
    private func migrate() throws {
        let connection = try checkOut()
        defer { checkIn(connection) }
        let driver = PostgresDriver(connection, logger: logger)
        _ = try driver.execute(
            sql: "CREATE TABLE IF NOT EXISTS vigil_migration (name TEXT PRIMARY KEY, applied DOUBLE PRECISION NOT NULL)", arguments: [])
        for (name, script) in PostgresSchema.migrations {
            _ = try driver.execute(sql: "BEGIN", arguments: [])
            do {
                _ = try driver.rows(sql: "SELECT pg_advisory_xact_lock(?)", arguments: [Self.writerLock])
                if try driver.rows(sql: "SELECT 1 FROM vigil_migration WHERE name = ?", arguments: [name]).isEmpty {
                    for statement in PostgresSchema.statements(script) { _ = try driver.execute(sql: statement, arguments: []) }
                    _ = try driver.execute(
                        sql: "INSERT INTO vigil_migration (name, applied) VALUES (?, ?)", arguments: [name, HubDatabase.now()])
                }
                _ = try driver.execute(sql: "COMMIT", arguments: [])
            } catch let error as PostgresStoreError where error.unreachable {
                throw error
            } catch {
                _ = try? driver.execute(sql: "ROLLBACK", arguments: [])
                throw PostgresStoreError("migration \(name) failed: \(String(reflecting: error))")
            }
        }
    }

    /// Calls `changed` each time any hub on this database changes the response actions in
    /// force, for as long as the store lives: a connection of its own listens, and is opened
    /// again a second after it is lost.
    func onResponseChange(_ changed: @escaping @Sendable () async -> Void) {
        guard listener.withLockedValue({ $0 == nil }) else { return }
        let (configuration, logger) = (self.configuration, self.logger)
        let task = Task.detached {
            while !Task.isCancelled {
                do {
                    let connection = try await PostgresConnection.connect(
                        on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: -1, logger: logger)
                    do {
                        try await connection.listen(on: Self.responseChannel) { notifications in
                            for try await _ in notifications { await changed() }
                        }
                    } catch {}
                    try? await connection.close()
                } catch {
                    logger.warning("cannot listen for response changes: \(String(reflecting: error))")
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        listener.withLockedValue { $0 = task }
    }

    deinit {
        listener.withLockedValue { $0?.cancel() }
        // postgres-nio asks that a connection be closed before it is released: each is kept
        // alive by its closing's callback until the server has let it go.
        for connection in idle.withLockedValue({ $0 }) {
            connection.close().whenComplete { _ in withExtendedLifetime(connection) {} }
        }
    }
}
