import Foundation
import Testing
import VigilCore

@testable import VigilProtocols
@testable import VigilSensor

/// IEC 104 data units agree with tshark's iec60870_asdu dissection of the same captures: the
/// multiset of type ids, causes of transmission, common addresses and information object
/// addresses must be equal per capture.
@Suite struct IEC104AgreementTests {
    /// Multiset as a sorted array.
    static func sorted(_ a: [String]) -> [String] { a.sorted() }

    @Test func dataUnitsAgreeWithTshark() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        try #require(Corpus.available)
        let captures = try Corpus.manifest().filter { $0.protocols.contains("iec104") }
        try #require(!captures.isEmpty, "no IEC 104 capture in the corpus manifest")
        var units = 0
        for capture in captures {
            let path = Corpus.root.appendingPathComponent(capture.file).path
            let out = try Corpus.tshark([
                "-n", "-r", path, "-Y", "iec60870_asdu", "-T", "fields", "-e", "iec60870_asdu.typeid", "-e", "iec60870_asdu.causetx",
                "-e", "iec60870_asdu.addr", "-e", "iec60870_asdu.ioa", "-E", "occurrence=a", "-E", "aggregator=,",
            ])
            var theirs: [[String]] = [[], [], [], []]
            for line in String(decoding: out, as: UTF8.self).split(separator: "\n") {
                let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
                for (i, c) in cols.prefix(4).enumerated() { theirs[i] += c.split(separator: ",").map(String.init) }
            }
            theirs[0] = theirs[0].map { IEC104Names.types[UInt8($0) ?? 0]?.name ?? $0 }
            theirs[1] = theirs[1].map { IEC104Names.cause(UInt8($0) ?? 0) ?? $0 }
            var ours: [[String]] = [[], [], [], []]
            for r in Corpus.analyze(capture.file).0.rows("iec104") {
                guard case .string(let type)? = r.value("asdu.info_obj_type") else { continue }
                ours[0].append(type)
                if case .string(let c)? = r.value("asdu.cause_tx") { ours[1].append(c) }
                if case .count(let a)? = r.value("asdu.common_address") { ours[2].append(String(a)) }
                if case .counts(let ioas)? = r.value("asdu.info_obj_addrs") { ours[3] += ioas.map(String.init) }
            }
            units += ours[0].count
            let names = ["type ids", "causes", "common addresses", "object addresses"]
            for i in 0..<4 {
                #expect(Self.sorted(ours[i]) == Self.sorted(theirs[i]), "\(capture.file): \(names[i]) differ")
            }
            print(
                "  iec104 \(capture.file): \(ours[0].count) ASDUs (tshark \(theirs[0].count)), \(ours[3].count) object addresses (tshark \(theirs[3].count))"
            )
        }
        #expect(units > 0)
    }
}
