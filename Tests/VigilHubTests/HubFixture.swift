import Crypto
import Foundation
import SwiftASN1
import X509

@testable import VigilHub
@testable import VigilHubWire

/// A hub folder and database in a fresh temporary folder, and sensors enrolled through the
/// real `Enroller` (token, certificate request, certificate).
struct HubFixture {
    let directory: URL
    let home: HubHome
    let database: HubDatabase
    /// What names the store: its SQLite file's path, or its PostgreSQL URL.
    let locator: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-hub-\(UUID().uuidString)")
        home = try HubHome.initialize(at: directory, hubName: "test", serverNames: ["localhost", "127.0.0.1"])
        locator = try Self.newPostgresDatabase() ?? home.databasePath
        database = try HubDatabase(locator: locator)
    }

    /// The same store opened again, as a second hub process (or a command beside the hub) would.
    func openAgain() throws -> HubDatabase { try HubDatabase(locator: locator) }

    /// The server the hub's tests store on when VIGIL_TEST_POSTGRES names one
    /// (postgres://USER:PASSWORD@HOST/DATABASE, a user who may create databases); SQLite when not.
    static let postgresServer = ProcessInfo.processInfo.environment["VIGIL_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    /// The URL of a new, empty PostgreSQL database on `postgresServer`; nil when there is none.
    static func newPostgresDatabase() throws -> String? {
        guard let server = postgresServer, var url = URLComponents(string: server) else { return nil }
        let name = "vigil_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try PostgresStore.createDatabase(name, serverURL: server)
        url.path = "/" + name
        return url.string
    }

    /// Makes the store refuse the row changes `condition` picks (NEW and OLD name the row), as
    /// a trigger raising an error: a test's way to fail a batch at a chosen statement.
    func refuse(_ operation: String, on table: String, when condition: String) async throws {
        try await database.write { db in
            switch db.dialect {
            case .sqlite:
                try db.execute(
                    sql:
                        "CREATE TRIGGER poison BEFORE \(operation) ON \(table) WHEN \(condition) BEGIN SELECT RAISE(ABORT, 'poisoned'); END"
                )
            case .postgres:
                try db.execute(
                    sql: """
                        CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN IF \(condition) THEN RAISE EXCEPTION 'poisoned'; END IF; RETURN NEW; END $$
                        """)
                try db.execute(sql: "CREATE TRIGGER poison BEFORE \(operation) ON \(table) FOR EACH ROW EXECUTE FUNCTION poison()")
            }
        }
    }

    /// A server for in-process tests: the router is driven directly, but the application still
    /// starts its ingest listener as a service, so on a free port, never the default one.
    func server(passwordCost: PasswordHash.Cost = .init(log2N: 10, r: 8, p: 1)) -> HubServer {
        var server = HubServer(home: home, database: database)
        server.api = .init(host: "127.0.0.1", port: 0)
        server.ingest = .init(host: "127.0.0.1", port: 0)
        server.passwordCost = passwordCost
        return server
    }

    /// Enrols `name` with a fresh token; returns its key. Tokens here live an hour: with the
    /// whole suite running on two cores, a minute between making a token and using it has
    /// been seen to pass.
    func enroll(_ name: String, kind: NodeKind? = nil) async throws -> P256.Signing.PrivateKey {
        let enroller = Enroller(home: home, database: database)
        let token = try await enroller.makeToken(lifetime: 3600, actor: "test")
        let key = P256.Signing.PrivateKey()
        let result = try await enroller.enroll(
            EnrollmentRequest(
                token: token.description, name: name, csr: try CertificateSigningRequestText.make(name: name, key: key), kind: kind),
            ingestURL: "https://x")
        _ = try result.get()
        return key
    }

    /// A signed batch of `records` conn rows from `sensor`.
    static func batch(
        _ sensor: String, sequence: UInt64, records: [ShippedRecord], key: P256.Signing.PrivateKey
    ) throws -> (body: [UInt8], signature: String) {
        let batch = try SensorBatch(header: BatchHeader(sensor: sensor, sequence: sequence, created: 1, records: 0), records: records)
        return (batch.body, try BatchSignature.sign(batch.body, with: key))
    }

    static func connRows(_ count: Int, from start: Int = 0) -> [ShippedRecord] {
        (start..<start + count).map { ShippedRecord(log: "conn", row: #"{"ts":\#(Double($0)),"uid":"C\#($0)","proto":"tcp"}"#) }
    }
}
