import Foundation
import Testing
import VigilCore

@testable import VigilHub

/// A serving hub waits for a database server it cannot reach yet, and fails at once on what
/// waiting will not mend; no error shows the database password.
@Suite struct DatabaseUnavailableTests {
    final class Told: @unchecked Sendable {
        private let lock = NSLock()
        private var errors: [VigilError] = []
        func add(_ error: VigilError) { lock.withLock { errors.append(error) } }
        var all: [VigilError] { lock.withLock { errors } }
    }

    static func eventually(_ condition: () -> Bool) async throws {
        for _ in 0..<200 where !condition() { try await Task.sleep(for: .milliseconds(50)) }
    }

    @Test func aServerThatIsNotListeningIsWaitedFor() async throws {
        let locator = "postgres://vigil:secret-word@127.0.0.1:\(try HubProcessTests.HubCrashTests.freePort())/vigil"
        let told = Told()
        let opening = Task { try await HubDatabase.opened(locator: locator, retryEvery: .milliseconds(100)) { told.add($0) } }
        try await Self.eventually { !told.all.isEmpty }
        let error = try #require(told.all.first)
        #expect(error.code == .unavailable)
        #expect(!error.description.contains("secret-word"))
        // Still waiting, and told once, not at every try.
        try await Task.sleep(for: .milliseconds(500))
        #expect(told.all.count == 1)
        opening.cancel()
        await #expect(throws: VigilError.self) { try await opening.value }
    }

    /// A database that does not accept connections yet (PostgreSQL's 55000) is waited for,
    /// and the hub opens it once it does.
    @Test(.enabled(if: HubFixture.postgresServer != nil, "needs a PostgreSQL server"))
    func aDatabaseNotAcceptingConnectionsIsOpenedOnceItDoes() async throws {
        let made = try HubFixture.newPostgresDatabase()
        let locator = try #require(made)
        let components = try #require(URLComponents(string: locator))
        let name = String(components.path.dropFirst())
        let server = try #require(HubFixture.postgresServer)
        let admin = try HubDatabase(locator: server)
        try await admin.write { db in try db.execute(sql: "ALTER DATABASE \(name) ALLOW_CONNECTIONS false") }
        let told = Told()
        let opening = Task { try await HubDatabase.opened(locator: locator, retryEvery: .milliseconds(100)) { told.add($0) } }
        try await Self.eventually { !told.all.isEmpty }
        #expect(told.all.first?.code == .unavailable)
        try await admin.write { db in try db.execute(sql: "ALTER DATABASE \(name) ALLOW_CONNECTIONS true") }
        let database = try await opening.value
        #expect(try await database.eventCounts().isEmpty)
    }

    @Test(.enabled(if: HubFixture.postgresServer != nil, "needs a PostgreSQL server"))
    func aRefusedPasswordFailsAtOnce() async throws {
        let server = try #require(HubFixture.postgresServer)
        var url = try #require(URLComponents(string: server))
        url.password = "not-the-password"
        let locator = try #require(url.string)
        let started = ContinuousClock.now
        let told = Told()
        var refusal: VigilError?
        do {
            _ = try await HubDatabase.opened(locator: locator) { told.add($0) }
        } catch {
            refusal = error as? VigilError
        }
        #expect(refusal?.code == .ioFailure)
        #expect(refusal.map { !$0.description.contains("not-the-password") } ?? false)
        #expect(told.all.isEmpty)
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func passwordsAreNeverShown() {
        #expect(HubDatabase.shown(locator: "postgres://vigil:s3cret@db:5432/vigil") == "postgres://vigil:…@db:5432/vigil")
        #expect(HubDatabase.shown(locator: "postgre://vigil:s3cret@db/vigil") == "postgre://vigil:…@db/vigil")
        #expect(HubDatabase.shown(locator: "postgres://vigil@db/vigil") == "postgres://vigil@db/vigil")
        #expect(HubDatabase.shown(locator: "sqlite:/var/lib/vigil/hub.db") == "sqlite:/var/lib/vigil/hub.db")
        // A password holding @ or : is hidden whole.
        #expect(HubDatabase.shown(locator: "postgres://vigil:a:b@c@db/vigil") == "postgres://vigil:…@db/vigil")
        do {
            _ = try HubDatabase(locator: "postgres://vigil:s3cret@/vigil")
            Issue.record("a URL without a host was accepted")
        } catch {
            #expect(!error.description.contains("s3cret"), "\(error.description)")
        }
    }
}
