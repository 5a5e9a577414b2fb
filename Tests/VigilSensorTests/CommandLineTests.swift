import Foundation
import Testing
import VigilProtocols

@testable import VigilSensor

/// What a user of `vigil analyze` sees: where the summary goes, what happens to a folder of
/// another run, and that one bad input does not stop the others.
@Suite struct CommandLineTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var vigil: String { Corpus.packageRoot.appendingPathComponent(".build/debug/vigil").path }
    static var sample: String { Corpus.packageRoot.appendingPathComponent("samples/city-sample.pcap").path }

    static func run(_ arguments: [String]) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: vigil)
        p.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func scratch(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "vigil-cli-\(name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        return dir
    }

    @Test func summaryGoesToStdoutAndDiagnosticsToStderr() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.vigil), "build vigil first (swift build)")
        let out = Self.scratch("summary")
        let r = try Self.run(["analyze", Self.sample, "--out", out])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("Analyzed 1 file(s): 129 packets, 17 connections"))
        #expect(r.stdout.contains("Output: \(out)/"))
        #expect(r.stderr.isEmpty)
    }

    /// `--ca-bundle` chooses the authorities validation_status trusts: Zeek's google-cert-repeat
    /// trace validates against the system's bundle ("ok" in Zeek's baseline) but not against a
    /// bundle that lacks Google's root; a bundle that cannot be read is named and nothing runs.
    @Test func theCABundleOptionChoosesTheTrustedAuthorities() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.vigil), "build vigil first (swift build)")
        let trace = Corpus.root.appendingPathComponent("zeek/testing/btest/Traces/tls/google-cert-repeat.pcap").path
        let out = Self.scratch("ca-bundle")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let missing = try Self.run(["analyze", trace, "--out", out, "--ca-bundle", "/nonexistent/roots.pem"])
        #expect(missing.status != 0 && missing.stderr.contains("/nonexistent/roots.pem: no such file"))
        #expect(!FileManager.default.fileExists(atPath: out + "/ssl.log"))

        func statuses() throws -> [String] {
            try String(contentsOfFile: out + "/ssl.log", encoding: .utf8).split(separator: "\n").map { line in
                String(line.firstMatch(of: /"validation_status":"([^"]*)"/)?.output.1 ?? "unset")
            }
        }
        #expect(try Self.run(["analyze", trace, "--out", out, "--force", "-q"]).status == 0)
        #expect(try statuses() == Array(repeating: "ok", count: 8))
        // One authority that is not Google's: the GlobalSign roots are not in it.
        let bundle = out + "-one.pem"
        defer { try? FileManager.default.removeItem(atPath: bundle) }
        let system = try String(contentsOfFile: "/etc/ssl/certs/ca-certificates.crt", encoding: .utf8)
        let blocks = system.components(separatedBy: "-----END CERTIFICATE-----").filter { $0.contains("BEGIN CERTIFICATE") }
        let other = try #require(
            blocks.first { block in
                let base64 = block.components(separatedBy: "-----BEGIN CERTIFICATE-----").last ?? ""
                guard let der = Data(base64Encoded: base64, options: .ignoreUnknownCharacters),
                    let subject = try? X509Reader.read(Array(der)).subject
                else { return false }
                return !subject.contains("GlobalSign") && !subject.contains("Google")
            })
        try (other + "-----END CERTIFICATE-----\n").write(toFile: bundle, atomically: true, encoding: .utf8)
        #expect(try Self.run(["analyze", trace, "--out", out, "--force", "-q", "--ca-bundle", bundle]).status == 0)
        #expect(try statuses() == Array(repeating: "unable to get local issuer certificate", count: 8))
    }

    @Test func aFolderHoldingAnotherRunIsRefusedUnlessForced() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.vigil), "build vigil first (swift build)")
        let out = Self.scratch("reuse")
        #expect(try Self.run(["analyze", "-q", Self.sample, "--out", out]).status == 0)
        // A file that is not a run's output stays whatever happens.
        FileManager.default.createFile(atPath: out + "/notes.txt", contents: Data("mine".utf8))
        let stale = out + "/stale_protocol.log"
        FileManager.default.createFile(atPath: stale, contents: Data("{}\n".utf8))

        let refused = try Self.run(["analyze", "-q", Self.sample, "--out", out])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("\(out): holds another run's output"))
        #expect(refused.stderr.contains("--force"))
        #expect(FileManager.default.fileExists(atPath: stale))

        let forced = try Self.run(["analyze", "-q", Self.sample, "--out", out, "--force"])
        #expect(forced.status == 0)
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: out + "/notes.txt"))
        #expect(FileManager.default.fileExists(atPath: out + "/conn.log"))
    }

    @Test func aMissingInputIsNamedAndTheOthersAreStillAnalyzed() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.vigil), "build vigil first (swift build)")
        let out = Self.scratch("missing")
        let missing = "/nonexistent/vigil-\(getpid()).pcap"
        let r = try Self.run(["analyze", missing, Self.sample, "--out", out])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(missing): no such file or folder"))
        #expect(r.stdout.contains("129 packets, 17 connections"))
        let conn = try String(contentsOfFile: out + "/conn.log", encoding: .utf8)
        #expect(conn.split(separator: "\n").count == 17)
    }

    @Test func anOSDPTraceGivenToAnalyzeNamesTheMonitor() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.vigil), "build vigil first (swift build)")
        let trace = Self.scratch("trace") + ".osdpcap"
        FileManager.default.createFile(
            atPath: trace, contents: Data(#"{"timeSec": 1, "timeNano": 0, "io": "input", "data": "ff530108000460"}"#.utf8 + [0x0A]))
        let r = try Self.run(["analyze", "-q", trace, "--out", Self.scratch("trace-out")])
        #expect(r.status == 1)
        #expect(r.stderr.contains("OSDP trace"))
        #expect(r.stderr.contains("vigil osdp monitor --osdpcap"))
    }

    @Test func aCaptureGivenToTheOSDPMonitorIsRefusedAtOnce() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.vigil), "build vigil first (swift build)")
        let r = try Self.run(["osdp", "monitor", "--osdpcap", Self.sample])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one error, not one per line: \(r.stderr.prefix(300))")
        #expect(r.stderr.contains("this is a pcap capture, not an osdpcap trace"))
    }

    @Test func outputFolderRemovesOnlyARunsFiles() throws {
        let dir = Self.scratch("folder")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for name in ["conn.log", "conn.2024-01-01-00-00-00-2024-01-01-01-00-00.log", "assets.json", "map.json", "keep.pcap"] {
            FileManager.default.createFile(atPath: dir + "/" + name, contents: Data())
        }
        #expect(OutputFolder.previousRunFiles(in: dir).count == 4)
        #expect(throws: (any Error).self) { try OutputFolder.prepare(dir, replace: false) }
        try OutputFolder.prepare(dir, replace: true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["keep.pcap"])
        #expect(OutputFolder.previousRunFiles(in: dir + "/absent").isEmpty)
    }
}
