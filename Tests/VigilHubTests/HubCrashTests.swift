import Foundation
import Testing

@testable import VigilHub

/// The hub and a sensor killed with SIGKILL in the middle of ingest, through the real `vigil`
/// binary: after both restart, every row the sensor's logs held is stored exactly once.
/// The tests that run `vigil` processes (hubs, shippers) one at a time, so that two hubs never
/// compete for ports or for the machine while a test waits on them.
@Suite(.serialized) enum HubProcessTests {}

extension HubProcessTests {
    @Suite struct HubCrashTests {
        static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        static var vigil: String { root.appendingPathComponent(".build/debug/vigil").path }

        /// Runs `vigil` to its end; its status and stdout.
        @discardableResult
        static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: vigil)
            process.arguments = arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }

        static func start(_ arguments: [String]) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: vigil)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }

        static func kill9(_ process: Process) {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        /// A free loopback port (free when asked; the hub binds it moments later).
        static func freePort() throws -> Int {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            return Int(UInt16(bigEndian: address.sin_port))
        }

        /// Starts the hub and waits until its API answers.
        struct HubDidNotStart: Error, CustomStringConvertible {
            var description: String
        }

        /// Starts the hub and waits until its ingest listener accepts connections: up to two minutes
        /// by the clock (a loaded machine starts a debug build slowly), polling without the task
        /// scheduler, which other tests' blocking waits may hold up.
        static func serve(_ hubDir: String, api: Int, ingest: Int, database: [String]) async throws -> Process {
            let log = hubDir + "/serve-\(api).log"
            FileManager.default.createFile(atPath: log, contents: nil)
            let hub = Process()
            hub.executableURL = URL(fileURLWithPath: vigil)
            hub.arguments = ["hub", "serve", "--dir", hubDir, "--listen", "127.0.0.1:\(api)", "--ingest", "127.0.0.1:\(ingest)"] + database
            hub.standardOutput = FileHandle.nullDevice
            hub.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            try hub.run()
            let deadline = ContinuousClock.now + .seconds(120)
            while ContinuousClock.now < deadline {
                usleep(50_000)
                guard hub.isRunning else {
                    throw HubDidNotStart(description: "the hub exited: " + ((try? String(contentsOfFile: log, encoding: .utf8)) ?? ""))
                }
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(UInt16(ingest).bigEndian)
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                close(fd)
                if connected == 0 { return hub }
            }
            kill9(hub)
            throw HubDidNotStart(description: "the hub did not listen within two minutes")
        }

        /// A new hub on free ports, running, and a sensor enrolled with it through the command line.
        /// `database`: the `--database` option every hub command is given (none: the folder's SQLite).
        static func hubWithSensor(
            hubDir: String, identity: String, name: String, database: [String]
        ) async throws -> (hub: Process, api: Int, ingest: Int) {
            #expect(try run(["hub", "init", "--dir", hubDir] + database).status == 0)
            let (api, ingest) = (try freePort(), try freePort())
            let hub = try await serve(hubDir, api: api, ingest: ingest, database: database)
            let token = try run(["hub", "enroll-token", "--dir", hubDir] + database).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let enrolled = try run([
                "enroll", "--hub", "https://127.0.0.1:\(api)", "--token", token, "--name", name, "--identity", identity,
            ])
            #expect(enrolled.status == 0)
            return (hub, api, ingest)
        }

        @Test func killingTheHubAndTheSensorMidIngestLosesAndDuplicatesNothing() async throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.vigil), "build vigil first (swift build)")
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-crash-\(UUID().uuidString)").path
            let hubDir = scratch + "/hub"
            let identity = scratch + "/sensor"
            let logs = scratch + "/logs"
            try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
            // 100,000 rows in batches of 100: 1,000 batches, each its own HTTPS request and database
            // transaction, so that sending takes seconds on any machine and each kill below, which
            // waits for progress rather than a fixed time, falls mid-way.
            let rows = 100_000
            var text = ""
            text.reserveCapacity(rows * 110)
            for i in 0..<rows {
                text +=
                    #"{"ts":\#(1_700_000_000 + i).25,"uid":"C\#(i)","id.orig_h":"10.1.\#(i % 250).\#(i % 7)","proto":"tcp","service":"modbus"}"#
                    + "\n"
            }
            try Data(text.utf8).write(to: URL(fileURLWithPath: logs + "/conn.log"))

            // On PostgreSQL when the suite runs there (VIGIL_TEST_POSTGRES), else on SQLite.
            let postgres = try HubFixture.newPostgresDatabase()
            let databaseOption = postgres.map { ["--database", $0] } ?? []
            var (hub, api, ingest) = try await Self.hubWithSensor(
                hubDir: hubDir, identity: identity, name: "pump-3", database: databaseOption)

            // Killed in turn: the sensor while it spools, the hub while it stores, the sensor while
            // it sends. Each kill waits for the progress it must interrupt, watched in the spool
            // folder (a batch appears when spooled and goes when the hub acknowledged it), so the
            // hub's database is read only once everything has stopped.
            let spoolDirectory = identity + "/spool"
            func spooled() -> Int {
                ((try? FileManager.default.contentsOfDirectory(atPath: spoolDirectory)) ?? []).filter { $0.hasSuffix(".batch") }.count
            }
            func waitUntil(_ condition: () -> Bool) {
                for _ in 0..<6000 where !condition() { usleep(5_000) }
            }
            /// Waits until the spool has grown and then shrunk by at least one batch: a batch was
            /// acknowledged, so the hub has stored something and is storing more.
            func waitForAnAcknowledgement() {
                var peak = spooled()
                waitUntil {
                    let now = spooled()
                    peak = max(peak, now)
                    return now < peak
                }
            }
            let ship = ["ship", logs, "--identity", identity, "--batch-size", "100"]
            let spooling = try Self.start(ship)
            waitUntil { spooled() > 0 }
            Self.kill9(spooling)
            #expect(spooled() > 0 && spooled() < rows / 100)

            let sending = try Self.start(ship)
            waitForAnAcknowledgement()
            Self.kill9(hub)
            sending.waitUntilExit()
            #expect(sending.terminationStatus == 3, "the hub died: the shipper must say batches wait")
            let waitingAfterHubKill = spooled()
            #expect(waitingAfterHubKill > 0)

            hub = try await Self.serve(hubDir, api: api, ingest: ingest, database: databaseOption)
            let resending = try Self.start(ship)
            waitForAnAcknowledgement()
            Self.kill9(resending)
            #expect(spooled() > 0 && spooled() < waitingAfterHubKill)

            let last = try Self.run(ship)
            #expect(last.status == 0, "\(last.stdout)")
            Self.kill9(hub)

            let database = try postgres.map { try HubDatabase(postgresURL: $0) } ?? HubDatabase(path: hubDir + "/hub.db")
            let counts = try await database.eventCounts()
            #expect(counts == ["conn": rows], "\(counts)")
            let sensor = try await database.sensor(named: "pump-3")
            #expect(sensor?.missingBatches == 0)
            #expect(try await database.refusals().isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: identity + "/spool").filter { $0.hasSuffix(".batch") }.isEmpty)
        }
    }
}
