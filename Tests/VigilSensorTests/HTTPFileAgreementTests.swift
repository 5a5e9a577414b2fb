import Crypto
import Foundation
import Testing
import VigilCore
import VigilLogs

@testable import VigilSensor

/// files.log against tshark's `--export-objects http` on every corpus capture that carries
/// HTTP, and the project's sample: each body tshark exports must be a file of Vigil's with the
/// same SHA-1 (so the same bytes: chunked coding removed, nothing lost or added). Where they
/// cannot agree (tshark exports a multipart body whole, where Vigil and Zeek make a file of
/// each part), exceptions.tsv argues it; where Vigil is wrong, known-gaps.tsv names it.
@Suite struct HTTPFileAgreementTests {
    /// The SHA-1 of each object tshark exports from `path`.
    static func exportedObjects(_ path: String) throws -> [String] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-objects-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Corpus.tshark(["-n", "-r", path, "-q", "--export-objects", "http,\(dir.path)"])
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).compactMap { name in
            let data = try Data(contentsOf: dir.appendingPathComponent(name))
            return data.isEmpty ? nil : Insecure.SHA1.hash(data: data).map { String(format: "%02x", $0) }.joined()
        }
    }

    @Test func everyBodyTsharkExportsIsAFileWithTheSameHash() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        try #require(Corpus.available)
        let known = try KnownGaps()
        let exceptions = try AgreementExceptions.load()
        var captures = try Corpus.manifest().filter { e in
            e.protocols.split(whereSeparator: { ",;= ".contains($0) }).contains("http")
                && (e.file.hasSuffix("pcap") || e.file.hasSuffix("pcapng"))
        }.map { ($0.file, Corpus.root.appendingPathComponent($0.file).path) }
        captures.append(("samples/city-sample.pcap", Corpus.packageRoot.appendingPathComponent("samples/city-sample.pcap").path))
        var failures: [String] = []
        var totals = (matched: 0, objects: 0, files: 0)
        for (name, path) in captures {
            let theirs = try Self.exportedObjects(path)
            let (sink, _) = name.hasPrefix("samples/") ? TsharkAgreementTests.analyze(path) : Corpus.analyze(name)
            let files = sink.rows("files")
            var ours = files.map { EventSubscriberTests.text($0, "sha1") }
            var matched = 0
            for sha1 in theirs {
                if let i = ours.firstIndex(of: sha1) {
                    ours.remove(at: i)
                    matched += 1
                }
            }
            totals.matched += matched
            totals.objects += theirs.count
            totals.files += files.count
            guard !theirs.isEmpty || !files.isEmpty else { continue }
            print("  \(name): \(matched)/\(theirs.count) tshark objects are Vigil files (Vigil wrote \(files.count))")
            let excused = exceptions.excused(capture: name, log: "objects:http").contains("*")
            let gap = known.check(
                capture: name, log: "objects:http", figure: "\(matched)/\(theirs.count)", agrees: excused || matched == theirs.count)
            if let gap, !gap.isEmpty {
                failures.append(gap)
            } else if gap != nil {
                failures.append("\(name): \(matched) of tshark's \(theirs.count) objects match a file of Vigil's")
            }
        }
        print(
            "== tshark HTTP objects: \(totals.matched)/\(totals.objects) are Vigil files with the same SHA-1 (Vigil wrote \(totals.files) files) =="
        )
        #expect(totals.objects > 20, "too few HTTP objects compared")
        let unreached = known.unreached { $0.hasPrefix("objects:") }
        #expect(unreached.isEmpty, "known gaps no comparison reached (remove them): \(unreached)")
        #expect(failures.isEmpty, Comment(rawValue: "undocumented disagreements:\n" + failures.joined(separator: "\n")))
    }

    /// Chunked bodies that evasion tools bend (sizes ending in CR CR LF, a vertical tab or
    /// form feed before the size): the one file is the EICAR test string whole, the content
    /// they try to hide from a monitor.
    @Test(arguments: ["008", "021", "022"])
    func bentChunkSizesStillGiveTheWholeFile(evader: String) throws {
        try #require(Corpus.available)
        let eicar = #"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"#
        let md5 = Insecure.MD5.hash(data: Array(eicar.utf8)).map { String(format: "%02x", $0) }.joined()
        let (sink, _) = Corpus.analyze("suricata-verify/tests/http-evader/http-evader-\(evader)/input.pcap")
        #expect(sink.rows("files").map { EventSubscriberTests.text($0, "md5") } == [md5])
    }

    /// Request smuggling by two Content-Length values (11 and 93): the body framed by the
    /// first, as the Python server that answered reads it, hides the third request inside the
    /// second's 98-byte body, and the conflict is a weird.
    @Test func conflictingContentLengthsAreFramedByTheFirstAndFlagged() throws {
        try #require(Corpus.available)
        let (sink, _) = Corpus.analyze("suricata-verify/tests/http-multiple-cl/input.pcap")
        #expect(sink.rows("http").map { EventSubscriberTests.text($0, "uri") } == ["/which.php", "/evil.php"])
        #expect(sink.rows("http").map { EventSubscriberTests.text($0, "request_body_len") } == ["11", "98"])
        let weirds = sink.rows("weird").filter { EventSubscriberTests.text($0, "name") == "http_conflicting_content_length" }
        #expect(weirds.map { EventSubscriberTests.text($0, "addl") } == ["11,93"])
    }

    /// A Transfer-Encoding hidden on an obsolete folded line (Zeek 7's obsolete-line-fold
    /// baseline): unfolded, it makes the POST's body an empty chunked one, so the smuggled GET
    /// is a request of its own, and the fold is Zeek's weird.
    @Test func anObsoleteFoldIsUnfoldedAndFlagged() throws {
        try #require(Corpus.available)
        let (sink, _) = Corpus.analyze("zeek/testing/btest/Traces/http/261/variant-09-te_obs_fold.pcap")
        #expect(sink.rows("http").map { EventSubscriberTests.text($0, "uri") } == ["/", "/smuggled-obsfold"])
        #expect(sink.rows("files").isEmpty)
        let weirds = sink.rows("weird").map { EventSubscriberTests.text($0, "name") + " " + EventSubscriberTests.text($0, "addl") }
        #expect(weirds == ["HTTP_obsolete_line_folding Transfer-Encoding"])
    }

    /// A GET sent to an SSH server, as Zeek 7's detect-protocols-violation baseline logs it:
    /// the request in http.log, no service for the connection.
    @Test func aRequestToAnSSHServerIsHTTPWithoutAService() throws {
        try #require(Corpus.available)
        let (sink, _) = Corpus.analyze("zeek/testing/btest/Traces/http/get-to-ssh-server.pcap")
        let http = sink.rows("http").map { r in ["method", "host", "uri"].map { EventSubscriberTests.text(r, $0) }.joined(separator: " ") }
        #expect(http == ["GET 128.3.50.246 /"])
        #expect(
            sink.rows("conn").map { EventSubscriberTests.text($0, "service") + " " + EventSubscriberTests.text($0, "history") } == [
                "- ShADadr"
            ])
    }

    /// A download in fifteen ranges (206 replies), the first reply's segments out of order:
    /// every range is a whole file, and together they are the 146,515 bytes Content-Range
    /// names.
    @Test func rangesOutOfOrderAddUpToTheWholeImage() throws {
        try #require(Corpus.available)
        let (sink, _) = Corpus.analyze("suricata-verify/tests/http-range-file/input.pcap")
        let files = sink.rows("files")
        #expect(files.count == 15)
        #expect(files.map { Int(EventSubscriberTests.text($0, "seen_bytes"))! }.reduce(0, +) == 146_515)
        #expect(files.allSatisfy { EventSubscriberTests.text($0, "missing_bytes") == "0" })
        #expect(sink.rows("http").map { EventSubscriberTests.text($0, "status_code") } == Array(repeating: "206", count: 15))
    }
}
