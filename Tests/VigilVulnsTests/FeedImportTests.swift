import Foundation
import Testing
import VigilCore

@testable import VigilVulns

/// Importing the shared CSAF advisories, NVD records and KEV catalog into a store, reading it
/// back, re-importing, and the errors a malformed document gets.
@Suite struct FeedImportTests {
    /// Every shared feed file imported into one store, once for all tests.
    static let imported: (store: VulnerabilityStore, feeds: VulnerabilityFeeds, parsed: [FeedDocument]) = {
        let path = NSTemporaryDirectory() + "vigil-vulns-\(getpid()).db"
        try? FileManager.default.removeItem(atPath: path)
        let store = try! VulnerabilityStore(path: path)
        let (files, missing) = FeedReader.files(in: [
            SharedData.path("csaf"), SharedData.path("nvd"), SharedData.path("kev/known_exploited_vulnerabilities.json"),
        ])
        precondition(missing.isEmpty, "shared data missing: \(missing)")
        var parsed: [FeedDocument] = []
        for f in files {
            let doc = try! FeedReader.read(path: f)
            parsed.append(doc)
            _ = try! store.store(doc, source: f)
        }
        return (store, try! store.load(), parsed)
    }()

    @Test func everySharedDocumentIsStored() throws {
        let counts = try Self.imported.store.counts()
        #expect(counts["csaf"] == 600)
        #expect(counts["nvd"] == 61)
        #expect(counts["kev"] == 1)
        let feeds = Self.imported.feeds
        #expect(feeds.knownExploited.count == 1404)
        #expect(feeds.kevCatalogVersion == "2025.08.25")
        // INDEX.tsv counts 2,239 distinct CVEs cited by the advisories.
        #expect(Set(feeds.advisories.flatMap { $0.vulnerabilities.compactMap(\.cve) }).count == 2239)
    }

    @Test func whatIsReadBackIsWhatWasParsed() {
        var advisories: [String: Advisory] = [:]
        var records: [String: CVERecord] = [:]
        for doc in Self.imported.parsed {
            switch doc {
            case .advisory(let a): advisories[a.id] = a
            case .cveRecords(let rs): for r in rs { records[r.id] = r }
            case .knownExploited: break
            }
        }
        for a in Self.imported.feeds.advisories { #expect(a == advisories[a.id], "advisory \(a.id)") }
        for r in Self.imported.feeds.records { #expect(r == records[r.id], "record \(r.id)") }
    }

    @Test func reimportChangesOnlyNewRevisions() throws {
        let path = NSTemporaryDirectory() + "vigil-vulns-reimport-\(getpid()).db"
        try? FileManager.default.removeItem(atPath: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try VulnerabilityStore(path: path)
        let file = SharedData.path("csaf/2023/icsa-23-222-09.json")
        let doc = try FeedReader.read(path: file)
        #expect(try store.store(doc, source: file) == [.added])
        #expect(try store.store(doc, source: file) == [.unchanged])
        guard case .advisory(var a) = doc else {
            Issue.record("not an advisory")
            return
        }
        a.revision = "2@2024-01-01"
        a.products.removeLast()
        #expect(try store.store(.advisory(a), source: file) == [.updated])
        let back = try store.load()
        #expect(back.advisories.count == 1)
        #expect(back.advisories[0].products.count == a.products.count)
        #expect(try store.counts()["csaf"] == 1)
    }

    /// A real advisory with one field broken, and the pointer the error must name.
    func brokenAdvisory(_ edit: (inout [String: Any]) -> Void) throws -> Data {
        let data = try Data(contentsOf: URL(fileURLWithPath: SharedData.path("csaf/2018/icsa-18-310-02.json")))
        var object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        edit(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    func error(_ data: Data) -> String {
        do {
            _ = try FeedReader.decode(data, path: "advisory.json")
            return "accepted"
        } catch {
            return error.description
        }
    }

    @Test func malformedAdvisoriesNameFileAndPointer() throws {
        let numberCVE = try brokenAdvisory { o in
            var v = o["vulnerabilities"] as! [[String: Any]]
            v[0]["cve"] = 2018
            o["vulnerabilities"] = v
        }
        #expect(error(numberCVE) == "advisory.json: at /vulnerabilities/0/cve: expected a string")
        let noTracking = try brokenAdvisory { o in
            var d = o["document"] as! [String: Any]
            d["tracking"] = nil
            o["document"] = d
        }
        #expect(error(noTracking) == "advisory.json: at /document/tracking: required field is missing")
        let undefinedProduct = try brokenAdvisory { o in
            var v = o["vulnerabilities"] as! [[String: Any]]
            v[0]["product_status"] = ["known_affected": ["CSAFPID-0001", "CSAFPID-9999"]]
            o["vulnerabilities"] = v
        }
        #expect(
            error(undefinedProduct)
                == "advisory.json: at /vulnerabilities/0/product_status/known_affected/1: product id \"CSAFPID-9999\" is not defined in the product tree (CSAF 6.1.1)"
        )
        let oldVersion = try brokenAdvisory { o in
            var d = o["document"] as! [String: Any]
            d["csaf_version"] = "1.2"
            o["document"] = d
        }
        #expect(error(oldVersion) == "advisory.json: at /document/csaf_version: \"1.2\" is not 2.0")
        let unnamedBranch = try brokenAdvisory { o in
            var tree = o["product_tree"] as! [String: Any]
            var branches = tree["branches"] as! [[String: Any]]
            branches[0]["name"] = nil
            tree["branches"] = branches
            o["product_tree"] = tree
        }
        #expect(error(unnamedBranch) == "advisory.json: at /product_tree/branches/0/name: required field is missing")
        #expect(error(Data("{\"document\": {\"csaf_version\": ".utf8)).hasPrefix("advisory.json: not valid JSON"))
        #expect(error(Data("{\"hello\": 1}".utf8)).hasSuffix("not a CSAF 2.0 advisory, an NVD CVE API 2.0 record or the KEV catalog"))
    }

    @Test func aFolderImportGoesOnPastABadFile() throws {
        let dir = NSTemporaryDirectory() + "vigil-feeds-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("{\"document\": ".utf8).write(to: URL(fileURLWithPath: dir + "/a-broken.json"))
        try FileManager.default.copyItem(atPath: SharedData.path("csaf/2018/icsa-18-310-02.json"), toPath: dir + "/b-good.json")
        let (files, _) = FeedReader.files(in: [dir])
        #expect(files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["a-broken.json", "b-good.json"])
        var read = 0
        var failed: [String] = []
        for f in files {
            do {
                _ = try FeedReader.read(path: f)
                read += 1
            } catch {
                failed.append(error.source ?? "")
            }
        }
        #expect(read == 1)
        #expect(failed == [dir + "/a-broken.json"])
    }

    @Test func nvdRecordsKeepTheirCPEConfigurations() {
        let r = Self.imported.feeds.records.first { $0.id == "CVE-2020-9044" }
        #expect(r?.score?.base == 9.1)
        let matches = r?.configurations.flatMap { $0.nodes.flatMap(\.matches) } ?? []
        #expect(matches.contains { $0.criteria == "cpe:2.3:a:johnsoncontrols:metasys_open_application_server:10.1:*:*:*:*:*:*:*" })
        #expect(
            CPEName("cpe:2.3:o:siemens:simatic_s7-300_cpu_315-2_pn\\/dp_firmware:*:*:*:*:*:*:*:*")?.productWords
                == "simatic s7-300 cpu 315-2 pn/dp firmware")
    }
}
