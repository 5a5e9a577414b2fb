import Foundation
import Testing

@testable import VigilHub

/// `vigil analyze --ship` and `vigil ship` as a user runs them: the sample's rows and devices
/// reach the hub once, shipping the folder again sends nothing, and a hub that is down leaves
/// the batches waiting with exit code 3 until it is back.
extension HubProcessTests {
    @Suite struct ShipCommandTests {
        typealias CLI = HubCrashTests

        /// Rows per log of a run's folder.
        static func rowsPerLog(_ folder: String) throws -> [String: Int] {
            var rows: [String: Int] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".log") {
                let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
                rows[String(name.dropLast(4))] = text.split(separator: "\n").count
            }
            return rows
        }

        /// Devices in a run's assets.json.
        static func deviceCount(_ folder: String) throws -> Int {
            let assets =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/assets.json"))) as? [String: Any]
            return (assets?["assets"] as? [Any])?.count ?? -1
        }

        @Test func analyzeShipsTheSampleOnceAndAWaitingSpoolIsSentLater() async throws {
            try #require(FileManager.default.isExecutableFile(atPath: CLI.vigil), "build vigil first (swift build)")
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-ship-\(UUID().uuidString)").path
            let (hubDir, identity, out) = (scratch + "/hub", scratch + "/sensor", scratch + "/out")
            let postgres = try HubFixture.newPostgresDatabase()
            let databaseOption = postgres.map { ["--database", $0] } ?? []
            var (hub, api, ingest) = try await CLI.hubWithSensor(
                hubDir: hubDir, identity: identity, name: "stop-12", database: databaseOption)

            let sample = CLI.root.appendingPathComponent("samples/city-sample.pcap").path
            let analyzed = try CLI.run(["analyze", sample, "--out", out, "--ship", "--identity", identity])
            #expect(analyzed.status == 0)
            let database = try postgres.map { try HubDatabase(postgresURL: $0) } ?? HubDatabase(path: hubDir + "/hub.db")
            // Every row of every log the run wrote, and every device of its assets.json.
            let expected = try Self.rowsPerLog(out)
            #expect(try await database.eventCounts() == expected)
            let devices = try Self.deviceCount(out)
            #expect(try await database.assets(limit: 1000).count == devices)
            let records = expected.values.reduce(0, +) + devices
            #expect(analyzed.stdout.contains("Shipped: spooled \(records) record(s); sent 1 batch(es)"))

            let again = try CLI.run(["ship", out, "--identity", identity])
            #expect(again.status == 0 && again.stdout.contains("spooled 0 record(s); sent 0 batch(es)"))

            // The hub down: a new run's rows wait, exit 3; the hub back: they are sent.
            CLI.kill9(hub)
            let offline = try CLI.run(["analyze", sample, "--out", out + "2", "--ship", "--identity", identity])
            #expect(offline.status == 3)
            hub = try await CLI.serve(hubDir, api: api, ingest: ingest, database: databaseOption)
            let later = try CLI.run(["ship", "--identity", identity])
            #expect(later.status == 0 && later.stdout.contains("sent 1 batch(es)"))
            CLI.kill9(hub)
            let final = try await database.eventCounts()
            #expect(final == expected.mapValues { $0 * 2 }, "\(final) \(expected)")
        }
    }
}

/// The README's two commands: a first `vigil hub serve` sets the hub up and prints a token, and
/// `vigil analyze … --hub URL --enroll TOKEN` joins and sends the sample.
extension HubProcessTests {
    @Suite struct TwoCommandTests {
        typealias CLI = HubCrashTests

        @Test func aFirstServeSetsUpAHubThatTheSampleJoinsAndFeeds() async throws {
            try #require(FileManager.default.isExecutableFile(atPath: CLI.vigil), "build vigil first (swift build)")
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-two-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            let (api, ingest) = (try CLI.freePort(), try CLI.freePort())
            let output = scratch + "/serve.out"
            FileManager.default.createFile(atPath: output, contents: nil)
            let serve = Process()
            serve.executableURL = URL(fileURLWithPath: CLI.vigil)
            serve.arguments = [
                "hub", "serve", "--dir", scratch + "/hub", "--listen", "127.0.0.1:\(api)", "--ingest", "127.0.0.1:\(ingest)",
            ]
            serve.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
            serve.standardError = FileHandle.nullDevice
            try serve.run()
            defer { CLI.kill9(serve) }
            var token: String?
            // Up to two minutes by the clock: a loaded machine starts a debug build slowly.
            let deadline = ContinuousClock.now + .seconds(120)
            while token == nil, ContinuousClock.now < deadline {
                usleep(25_000)
                let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
                guard text.contains("Listening: ingest") else { continue }
                token = text.split(separator: "\n").first { $0.hasPrefix("Enrolment token") }.flatMap { $0.split(separator: " ").last }.map(
                    String.init)
            }
            let enrolment = try #require(token)
            #expect(enrolment.hasPrefix("vigil1:"))

            let sample = CLI.root.appendingPathComponent("samples/city-sample.pcap").path
            let run = try CLI.run([
                "analyze", sample, "--out", scratch + "/out", "--identity", scratch + "/sensor", "--sensor-name", "stop-1", "--hub",
                "https://127.0.0.1:\(api)", "--enroll", enrolment,
            ])
            #expect(run.status == 0)
            let rows = try ShipCommandTests.rowsPerLog(scratch + "/out").values.reduce(0, +)
            let records = rows + (try ShipCommandTests.deviceCount(scratch + "/out"))
            #expect(run.stdout.contains("Shipped: spooled \(records) record(s); sent 1 batch(es)"))
            let sensors = try CLI.run(["hub", "sensors", "--dir", scratch + "/hub"]).stdout
            #expect(sensors.hasPrefix("stop-1  active  batches 1  missing 0  events \(rows)"))
        }
    }
}
