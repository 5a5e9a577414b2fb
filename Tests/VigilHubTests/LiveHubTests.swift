import Crypto
import Foundation
import Hummingbird
import Logging
import NIOSSL
import Testing

@testable import VigilHub
@testable import VigilHubWire
@testable import VigilShipper

/// The hub over real TLS on loopback: a sensor enrols with a token, ships a log folder through
/// its spool over mutual TLS, and everything arrives once; a client whose certificate another
/// authority issued, and a sensor once revoked, never complete the ingest handshake.
@Suite(.serialized) struct LiveHubTests {
    /// The ports the hub's listeners bound, awaited rather than polled: under a full test run the
    /// task scheduler can be held for minutes by other suites' blocking work, so a wait measured by
    /// the clock fails for reasons that have nothing to do with the hub.
    actor Ports {
        struct HubStopped: Error {}
        var ports: [String: Int] = [:]
        var failure: (any Error)?
        var waiters: [CheckedContinuation<(api: Int, ingest: Int), any Error>] = []

        func set(_ listener: String, _ port: Int) {
            ports[listener] = port
            settle()
        }

        /// The hub stopped (or failed to start) before both listeners bound.
        func fail(_ error: any Error) {
            failure = failure ?? error
            settle()
        }

        func both() async throws -> (api: Int, ingest: Int) {
            try await withCheckedThrowingContinuation {
                waiters.append($0)
                settle()
            }
        }

        private func settle() {
            let result: Result<(api: Int, ingest: Int), any Error>
            if let api = ports["api"], let ingest = ports["ingest"] {
                result = .success((api, ingest))
            } else if let failure {
                result = .failure(failure)
            } else {
                return
            }
            for waiter in waiters { waiter.resume(with: result) }
            waiters.removeAll()
        }
    }

    /// Runs a hub on free loopback ports while `body` runs.
    static func withLiveHub(_ hub: HubFixture, _ body: (_ api: String) async throws -> Void) async throws {
        var server = HubServer(home: hub.home, database: hub.database)
        server.api = .init(host: "127.0.0.1", port: 0)
        server.ingest = .init(host: "127.0.0.1", port: 0)
        let ports = Ports()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let app = try server.application(logger: logger) { listener, port in await ports.set(listener, port) }
        let running = Task {
            do {
                try await app.runService(gracefulShutdownSignals: [])
                await ports.fail(Ports.HubStopped())
            } catch {
                await ports.fail(error)
            }
        }
        defer { running.cancel() }
        let bound = try await ports.both()
        try await body("https://127.0.0.1:\(bound.api)|https://127.0.0.1:\(bound.ingest)")
    }

    static func logFolder(rows: Int) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-ship-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let conn = (0..<rows).map { #"{"ts":\#(1000 + $0).5,"uid":"C\#($0)","id.orig_h":"10.0.0.1","proto":"tcp"}"# }.joined(
            separator: "\n")
        try Data((conn + "\n").utf8).write(to: folder.appendingPathComponent("conn.log"))
        try Data(#"{"ts":1.0,"name":"bad_TCP_checksum"}"#.utf8 + [0x0A]).write(to: folder.appendingPathComponent("weird.log"))
        try Data(#"{"assets":[{"mac":"00:80:f4:00:00:01","ips":["10.0.0.1"],"first_seen":1,"last_seen":2}]}"#.utf8)
            .write(to: folder.appendingPathComponent("assets.json"))
        return folder
    }

    @Test func aSensorEnrolsAndShipsEverythingOnce() async throws {
        let hub = try HubFixture()
        try await Self.withLiveHub(hub) { urls in
            let (api, ingest) = (String(urls.split(separator: "|")[0]), String(urls.split(separator: "|")[1]))
            let token = try await Enroller(home: hub.home, database: hub.database).makeToken(lifetime: 3600, actor: "test")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-sensor-\(UUID().uuidString)")
            // The enrolment answer names the port the ingest listener really bound.
            let identity = try await HubEnrollment.enroll(hub: api, token: token.description, name: "stop-7", directory: folder)
            #expect(identity.settings.ingest == ingest)
            let spool = try BatchSpool(directory: identity.spool, sensor: identity.name)
            var ledger = ShipLedger()
            let logs = try Self.logFolder(rows: 2_500)
            _ = try LogFolderReader(directory: logs).read(batchSize: 1_000, ledger: &ledger) { records, _ in try spool.add(records) }
            #expect(spool.pending().count == 3)
            let report = try await BatchSender(identity: identity, spool: spool).sendPending()
            #expect(report == BatchSender.Report(sent: 3, duplicates: 0, refused: [], waiting: 0, unreachable: nil))
            #expect(spool.pending().isEmpty)
            #expect(try await hub.database.eventCounts() == ["conn": 2_500, "weird": 1])
            #expect(try await hub.database.assets().map(\.sensors) == [["stop-7"]])

            // Read again: nothing new. Then 10 rows appended (one more still being written) ship alone.
            _ = try LogFolderReader(directory: logs).read(batchSize: 1_000, ledger: &ledger) { records, _ in try spool.add(records) }
            #expect(spool.pending().isEmpty)
            let handle = try FileHandle(forWritingTo: logs.appendingPathComponent("conn.log"))
            try handle.seekToEnd()
            let more = (0..<10).map { #"{"ts":\#(5000 + $0).5,"uid":"D\#($0)","proto":"udp"}"# }.joined(separator: "\n")
            try handle.write(contentsOf: Data((more + "\n" + #"{"ts":6000.5,"ui"#).utf8))
            try handle.close()
            _ = try LogFolderReader(directory: logs).read(batchSize: 1_000, ledger: &ledger) { records, _ in try spool.add(records) }
            #expect(try await BatchSender(identity: identity, spool: spool).sendPending().sent == 1)
            #expect(try await hub.database.eventCounts() == ["conn": 2_510, "weird": 1])

            // Enrolling twice with the same token is refused by the hub.
            await #expect(throws: EnrollmentError.self) {
                _ = try await HubEnrollment.enroll(hub: api, token: token.description, name: "stop-8", directory: folder)
            }
        }
    }

    @Test func aTokenForAnotherAuthorityIsCaughtBeforeTheSensorTrustsTheHub() async throws {
        let hub = try HubFixture()
        let other = try HubFixture()
        try await Self.withLiveHub(hub) { urls in
            let api = String(urls.split(separator: "|")[0])
            let token = try await Enroller(home: other.home, database: other.database).makeToken(lifetime: 3600, actor: "test")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-sensor-\(UUID().uuidString)")
            do {
                _ = try await HubEnrollment.enroll(hub: api, token: token.description, name: "stop-9", directory: folder)
                Issue.record("enrolment with another hub's token succeeded")
            } catch let error as EnrollmentError {
                guard case .authorityMismatch = error else { throw error }
            }
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("sensor-key.pem").path))
        }
    }

    @Test func foreignAndRevokedCertificatesNeverReachIngest() async throws {
        let hub = try HubFixture()
        let stranger = try HubFixture()
        let strangerKey = try await stranger.enroll("stop-1")
        let ownKey = try await hub.enroll("stop-1")
        try await Self.withLiveHub(hub) { urls in
            let ingest = String(urls.split(separator: "|")[1])
            func identity(_ fixture: HubFixture, key: P256.Signing.PrivateKey) async throws -> SensorIdentity {
                let record = try await fixture.database.sensor(named: "stop-1")!
                let certificate = try NIOSSLCertificate(bytes: record.certificate, format: .der)
                let pem =
                    "-----BEGIN CERTIFICATE-----\n"
                    + Data(try certificate.toDERBytes()).base64EncodedString(options: .lineLength64Characters)
                    + "\n-----END CERTIFICATE-----\n"
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-sensor-\(UUID().uuidString)")
                return SensorIdentity(
                    directory: folder, keyPEM: key.pemRepresentation, certificatePEM: pem, authorityPEM: hub.home.authority.pem,
                    settings: .init(sensor: "stop-1", ingest: ingest))
            }
            // A certificate for the same name from another hub's authority.
            let foreign = try await identity(stranger, key: strangerKey)
            let foreignSpool = try BatchSpool(directory: foreign.spool, sensor: "stop-1")
            try foreignSpool.add(HubFixture.connRows(1))
            let refused = try await BatchSender(identity: foreign, spool: foreignSpool).sendPending()
            #expect(refused.unreachable != nil && refused.waiting == 1)

            // The right certificate works until the sensor is revoked.
            let own = try await identity(hub, key: ownKey)
            let spool = try BatchSpool(directory: own.spool, sensor: "stop-1")
            try spool.add(HubFixture.connRows(1))
            #expect(try await BatchSender(identity: own, spool: spool).sendPending().sent == 1)
            #expect(try await hub.database.revoke("stop-1"))
            try spool.add(HubFixture.connRows(1, from: 1))
            let afterRevocation = try await BatchSender(identity: own, spool: spool).sendPending()
            #expect(afterRevocation.sent == 0 && afterRevocation.waiting == 1)
            #expect(try await hub.database.eventCounts() == ["conn": 1])
        }
    }
}
