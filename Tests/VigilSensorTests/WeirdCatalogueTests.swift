import Foundation
import Testing
import VigilEvents

/// docs/LOGS.md's weird.log table is the catalogue, word for word, and the catalogue answers
/// for families (`mqtt_malformed_N`).
@Suite struct WeirdCatalogueTests {
    @Test func docsTableIsTheCatalogue() throws {
        let doc = try String(contentsOf: Corpus.packageRoot.appendingPathComponent("docs/LOGS.md"), encoding: .utf8)
        let table = WeirdCatalogue.markdownTable
        #expect(doc.contains(table), "docs/LOGS.md's weird table differs from WeirdCatalogue; it should read:\n\(table)")
    }

    @Test func namesAreUniqueAndFamiliesMatchOnlyNumbers() {
        let names = WeirdCatalogue.entries.flatMap(\.names)
        #expect(Set(names).count == names.count)
        #expect(WeirdCatalogue.contains("modbus_content_gap"))
        #expect(WeirdCatalogue.contains("mqtt_malformed_3"))
        #expect(!WeirdCatalogue.contains("mqtt_malformed_"))
        #expect(!WeirdCatalogue.contains("mqtt_malformed_x"))
        #expect(!WeirdCatalogue.contains("no_such_weird"))
    }

    /// Every weird the corpus makes Vigil raise is catalogued (debug builds also assert it
    /// whenever a weird is made).
    @Test func everyWeirdTheCorpusRaisesIsCatalogued() throws {
        try #require(Corpus.available)
        var seen: Set<String> = []
        for entry in try Corpus.manifest() where entry.file.hasSuffix(".pcap") || entry.file.hasSuffix(".pcapng") {
            let (_, pipeline) = Corpus.analyze(entry.file)
            seen.formUnion(pipeline.statistics.weirds.keys)
        }
        #expect(seen.count > 10)
        #expect(seen.filter { !WeirdCatalogue.contains($0) }.isEmpty)
    }
}
