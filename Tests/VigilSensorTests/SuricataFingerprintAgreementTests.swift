import Foundation
import Testing
import VigilCore

@testable import VigilSensor

/// JA3, JA3S and JA4 agree with Suricata-verify's expected EVE values: every fingerprint a
/// corpus test.yaml expects for its capture must appear in Vigil's ssl.log for that capture.
@Suite struct SuricataFingerprintAgreementTests {
    @Test func fingerprintsMatchSuricataExpectations() throws {
        try #require(Corpus.available)
        let tests = Corpus.root.appendingPathComponent("suricata-verify/tests")
        let enumerator = FileManager.default.enumerator(atPath: tests.path)!
        var checked = 0
        var failures: [String] = []
        while let rel = enumerator.nextObject() as? String {
            guard rel.hasSuffix("test.yaml") else { continue }
            let yamlURL = tests.appendingPathComponent(rel)
            let yaml = try String(contentsOf: yamlURL, encoding: .utf8)
            var expected: [(String, String)] = []
            for line in yaml.split(separator: "\n") {
                let t = line.trimmingCharacters(in: .whitespaces)
                for (key, field) in [("tls.ja3.hash:", "ja3"), ("tls.ja3s.hash:", "ja3s"), ("tls.ja4:", "ja4")] where t.hasPrefix(key) {
                    expected.append((field, t.dropFirst(key.count).trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))))
                }
            }
            guard !expected.isEmpty else { continue }
            let dir = yamlURL.deletingLastPathComponent()
            var pcap = dir.appendingPathComponent("input.pcap")
            if let line = yaml.split(separator: "\n").first(where: { $0.hasPrefix("pcap:") }) {
                pcap = dir.appendingPathComponent(line.dropFirst(5).trimmingCharacters(in: .whitespaces)).standardized
            }
            guard FileManager.default.fileExists(atPath: pcap.path) else { continue }
            let rel = String(pcap.path.dropFirst(Corpus.root.path.count + 1))
            let (sink, _) = Corpus.analyze(rel)
            let ssl = sink.rows("ssl")
            for (field, value) in expected {
                checked += 1
                let found = ssl.contains {
                    if case .string(let v)? = $0.value(field) { return v == value }
                    return false
                }
                if !found {
                    failures.append(
                        "\(rel) [\(yamlURL.deletingLastPathComponent().lastPathComponent)]: \(field) \(value) not in Vigil's ssl.log")
                }
            }
        }
        print("== Suricata-verify fingerprint agreement: \(checked - failures.count)/\(checked) expected JA3/JA3S/JA4 values found ==")
        for f in failures { print("  missing: " + f) }
        #expect(checked >= 4)
        #expect(failures.isEmpty, Comment(rawValue: failures.joined(separator: "\n")))
    }
}
