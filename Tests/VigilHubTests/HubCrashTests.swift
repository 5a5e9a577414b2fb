import Foundation
import Testing

@testable import VigilHub

/// The hub and a sensor killed with SIGKILL in the middle of ingest, through the real `vigil`
/// binary: after both restart, every row the sensor's logs held is stored exactly once.
@Suite(.serialized) struct HubCrashTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
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
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts the hub and waits until its API answers.
    static func serve(_ hubDir: String, api: Int, ingest: Int) async throws -> Process {
        let hub = try start(["hub", "serve", "--dir", hubDir, "--listen", "127.0.0.1:\(api)", "--ingest", "127.0.0.1:\(ingest)"])
        for _ in 0..<200 {
            try await Task.sleep(for: .milliseconds(50))
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
        throw CancellationError()
    }

    @Test func killingTheHubAndTheSensorMidIngestLosesAndDuplicatesNothing() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.vigil), "build vigil first (swift build)")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-crash-\(UUID().uuidString)").path
        let hubDir = scratch + "/hub"
        let identity = scratch + "/sensor"
        let logs = scratch + "/logs"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let rows = 60_000
        var text = ""
        for i in 0..<rows {
            text +=
                #"{"ts":\#(1_700_000_000 + i).25,"uid":"C\#(i)","id.orig_h":"10.1.\#(i % 250).\#(i % 7)","proto":"tcp","service":"modbus"}"#
                + "\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: logs + "/conn.log"))

        #expect(try Self.run(["hub", "init", "--dir", hubDir]).status == 0)
        let (api, ingest) = (try Self.freePort(), try Self.freePort())
        var hub = try await Self.serve(hubDir, api: api, ingest: ingest)
        let token = try Self.run(["hub", "enroll-token", "--dir", hubDir]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            try Self.run(["enroll", "--hub", "https://127.0.0.1:\(api)", "--token", token, "--name", "pump-3", "--identity", identity])
                .status == 0)

        // Killed in turn: the sensor while it spools, the hub while it stores, the sensor while
        // it sends. Each kill falls after some rows are stored and before all are.
        let database = try HubDatabase(path: hubDir + "/hub.db")
        func stored() async throws -> Int { try await database.eventCounts()["conn"] ?? 0 }
        func waitUntilStored(moreThan count: Int) async throws {
            for _ in 0..<1200 where try await stored() <= count { try await Task.sleep(for: .milliseconds(25)) }
        }
        let ship = ["ship", logs, "--identity", identity, "--batch-size", "300"]
        let spooling = try Self.start(ship)
        try await Task.sleep(for: .milliseconds(300))
        Self.kill9(spooling)
        #expect(try await stored() == 0)

        let sending = try Self.start(ship)
        try await waitUntilStored(moreThan: 0)
        Self.kill9(hub)
        sending.waitUntilExit()
        #expect(sending.terminationStatus != 0, "the hub died: the shipper must say batches wait")
        let afterHubKill = try await stored()
        #expect(afterHubKill > 0 && afterHubKill < rows)

        hub = try await Self.serve(hubDir, api: api, ingest: ingest)
        let resending = try Self.start(ship)
        try await waitUntilStored(moreThan: afterHubKill)
        Self.kill9(resending)
        let afterSensorKill = try await stored()
        #expect(afterSensorKill > afterHubKill && afterSensorKill < rows)

        let last = try Self.run(ship)
        #expect(last.status == 0, "\(last.stdout)")
        Self.kill9(hub)

        #expect(try await database.eventCounts() == ["conn": rows])
        let sensor = try await database.sensor(named: "pump-3")
        #expect(sensor?.missingBatches == 0)
        #expect(try await database.refusals().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: identity + "/spool").filter { $0.hasSuffix(".batch") }.isEmpty)
    }
}
