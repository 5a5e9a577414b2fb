import Foundation
import Testing
import VigilInventory
import VigilMap

@testable import VigilSensor

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// map.svg: for every corpus capture the drawing is well-formed XML (read by libxml2 through
/// Foundation's XMLParser), its root is an SVG element, and every device of assets.json is a
/// node of it, in the band its Purdue level puts it in.
@Suite struct MapDrawingTests {
    /// What an XML parser finds in a drawing: the root element and each node's key and band.
    final class SVGReading: NSObject, XMLParserDelegate {
        var root: String?
        var nodes: [String: String] = [:]
        var links = 0

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if root == nil { root = name }
            if name == "g", attributes["class"] == "node", let key = attributes["data-key"] { nodes[key] = attributes["data-band"] }
            if name == "path", attributes["class"] == "link" { links += 1 }
        }

        static func read(_ svg: String) -> (SVGReading, Error?) {
            let reading = SVGReading()
            let parser = XMLParser(data: Data(svg.utf8))
            parser.delegate = reading
            return (reading, parser.parse() ? nil : parser.parserError)
        }
    }

    @Test func everyCorpusCapturesMapIsValidSVGNamingEveryAsset() throws {
        try #require(Corpus.available, "the shared corpus must be present at ../shared/corpus")
        let captures = try Corpus.manifest().map(\.file).filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") || $0.hasSuffix(".cap") }
        var problems: [String] = []
        var (drawn, assets) = (0, 0)
        for capture in captures {
            let (_, pipeline) = Corpus.analyze(capture)
            let assetsJSON = InventoryJSON.assets(pipeline.inventory)
            let svg = try InventoryFiles.drawing(assets: assetsJSON, map: InventoryJSON.map(pipeline.inventory))
            let (reading, error) = SVGReading.read(svg)
            if let error {
                problems.append("\(capture): not well-formed XML: \(error)")
                continue
            }
            if reading.root != "svg" { problems.append("\(capture): the root element is \(reading.root ?? "missing"), not svg") }
            let documents = try JSONDecoder().decode(AssetsFileDocument.self, from: Data(assetsJSON.utf8)).assets
            if Set(documents.map(\.key)).count != documents.count { problems.append("\(capture): two assets share a key") }
            for asset in documents {
                let band = PurdueBand(level: asset.type?.level).name
                if reading.nodes[asset.key] == nil {
                    problems.append("\(capture): asset \(asset.key) is not on the map")
                } else if reading.nodes[asset.key] != band {
                    problems.append("\(capture): asset \(asset.key) is in band \(reading.nodes[asset.key]!), not \(band)")
                }
            }
            drawn += 1
            assets += documents.count
        }
        print("== map.svg: \(drawn) captures drawn, \(assets) assets all on their maps ==")
        #expect(drawn > 100)
        #expect(problems.isEmpty, Comment(rawValue: problems.prefix(20).joined(separator: "\n")))
    }

    static func asset(_ json: String) throws -> AssetDocument {
        try JSONDecoder().decode(AssetDocument.self, from: Data(json.utf8))
    }

    /// A name a device chose for itself can hold markup; the drawing must show it as text.
    @Test func namesFromTheWireAreEscaped() throws {
        let hostile = try Self.asset(
            #"{"mac":"00:11:22:33:44:55","ips":["10.0.0.9"],"identity":{"name":{"value":"<script>alert(1)</script>&\"'","evidence":"dhcp host name"}},"type":{"value":"plc","level":1,"evidence":"x"}}"#
        )
        let svg = MapSVG().render(CommunicationMap(assets: [hostile], edges: []))
        #expect(!svg.contains("<script>"))
        let (reading, error) = SVGReading.read(svg)
        #expect(error == nil)
        #expect(reading.nodes == ["00:11:22:33:44:55": "control"])
    }

    /// A device with two addresses is one node; addresses no device owns become their own
    /// nodes; a protocol filter keeps only its links and the nodes they join.
    @Test func edgesFoldOntoDevicesAndFilter() throws {
        let plc = try Self.asset(
            #"{"mac":"00:80:f4:00:00:01","ips":["10.0.0.1","fe80::1"],"type":{"value":"plc","level":1,"evidence":"x"}}"#)
        let hmi = try Self.asset(#"{"mac":"00:80:f4:00:00:02","ips":["10.0.0.2"],"type":{"value":"hmi","level":2,"evidence":"x"}}"#)
        let edges = [
            MapEdgeDocument(
                client: "10.0.0.2", server: "10.0.0.1", transport: "tcp", serverPort: 502, protocol: "modbus", connections: 2, packets: 9,
                bytes: 900),
            MapEdgeDocument(
                client: "10.0.0.2", server: "fe80::1", transport: "tcp", serverPort: 502, protocol: "modbus", connections: 1, packets: 3,
                bytes: 100),
            MapEdgeDocument(
                client: "10.0.0.2", server: "8.8.8.8", transport: "udp", serverPort: 53, protocol: "dns", connections: 1, packets: 2,
                bytes: 80),
        ]
        let map = CommunicationMap(assets: [plc, hmi], edges: edges)
        #expect(map.nodes.map(\.key) == ["00:80:f4:00:00:02", "00:80:f4:00:00:01", "8.8.8.8"])
        #expect(map.links.count == 2)
        #expect(map.links.first { $0.protocol == "modbus" }.map { ($0.connections, $0.bytes) } ?? (0, 0) == (3, 1000))
        let modbus = map.filtered(protocol: "modbus")
        #expect(modbus.nodes.map(\.key) == ["00:80:f4:00:00:02", "00:80:f4:00:00:01"])
        #expect(modbus.protocols == ["modbus"])
        var busiest = map
        #expect(busiest.keepBusiest(2) == 1)
        #expect(busiest.nodes.allSatisfy { $0.isAsset })
        #expect(busiest.links.map(\.protocol) == ["modbus"])
        let linkLocal = try Self.asset(#"{"ips":["fe80::b00f:edff:feb5:9b46"]}"#)
        #expect(linkLocal.zone == "fe80:0:0:0::/64")
        #expect(plc.zone == "10.0.0.0/24")
    }
}
