import Foundation

/// Draws a communication map as one self-contained SVG document: a band per Purdue level with
/// its devices in a grid, a line per protocol between talking devices (thicker for more bytes),
/// and a legend of the protocols. Every node carries its key in `data-key` and a tooltip; when
/// `link` gives an address for a node, the node is a link to it (the hub's asset page).
///
/// It draws with presentation attributes, never `style` attributes or scripts, so the file is
/// shown as it is under a Content-Security-Policy that allows neither.
public struct MapSVG: Sendable {
    public var width = 1240
    /// Drawn at most; the busiest are kept and the SVG says how many were left off.
    public var maxNodes = 1000
    public var link: (@Sendable (MapNode) -> String?)?

    static let labelColumn = 190
    static let nodeWidth = 156
    static let nodeHeight = 44
    static let columnStep = 172
    static let rowStep = 64
    static let bandHeader = 26

    public init(link: (@Sendable (MapNode) -> String?)? = nil) {
        self.link = link
    }

    public func render(_ input: CommunicationMap) -> String {
        var map = input
        let leftOff = map.keepBusiest(maxNodes)
        let columns = max(1, (width - Self.labelColumn) / Self.columnStep)
        var centre: [String: (x: Int, y: Int)] = [:]
        var bands: [(band: PurdueBand, top: Int, height: Int, nodes: [MapNode])] = []
        var y = leftOff > 0 ? 30 : 8
        for band in PurdueBand.allCases {
            let members = map.nodes.filter { $0.band == band }
            guard !members.isEmpty else { continue }
            let rows = (members.count + columns - 1) / columns
            let height = Self.bandHeader + rows * Self.rowStep + 6
            for (i, node) in members.enumerated() {
                let x = Self.labelColumn + (i % columns) * Self.columnStep + Self.nodeWidth / 2
                let cy = y + Self.bandHeader + (i / columns) * Self.rowStep + Self.nodeHeight / 2
                centre[node.key] = (x, cy)
            }
            bands.append((band, y, height, members))
            y += height + 8
        }
        let protocols = map.protocols
        let legendTop = y + 6
        let legendRows = (protocols.count + 7) / 8
        let height = legendTop + 24 + legendRows * 22

        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)" \
            font-family="sans-serif" font-size="12" role="img" aria-label="Communication map">
            <title>Communication map: \(map.nodes.count) node(s), \(map.links.count) link(s)</title>

            """
        if leftOff > 0 {
            svg +=
                ##"<text x="8" y="20" font-size="13" fill="#a00">\##(leftOff) node(s) with the least traffic are left off; filter to see them.</text>"##
            svg += "\n"
        }
        for (index, band) in bands.enumerated() {
            let fill = index % 2 == 0 ? "#f4f6f8" : "#eaeef2"
            svg += """
                <g class="band" data-band="\(band.band.name)"><rect x="0" y="\(band.top)" width="\(width)" height="\(band.height)" fill="\(fill)"/>\
                <text x="10" y="\(band.top + 18)" font-weight="bold" fill="#333">\(XMLText.escape(band.band.title))</text>\
                <text x="10" y="\(band.top + 34)" fill="#666">\(band.nodes.count) node(s)</text></g>

                """
        }
        svg += drawLinks(map.links, centre: centre)
        for band in bands {
            for node in band.nodes {
                guard let c = centre[node.key] else { continue }
                svg += drawNode(node, x: c.x - Self.nodeWidth / 2, y: c.y - Self.nodeHeight / 2)
            }
        }
        svg += ##"<g class="legend"><text x="10" y="\##(legendTop + 14)" font-weight="bold" fill="#333">Protocols</text>"##
        for (i, name) in protocols.enumerated() {
            let x = Self.labelColumn + (i % 8) * 130
            let ly = legendTop + 4 + (i / 8) * 22
            svg +=
                ##"<line x1="\##(x)" y1="\##(ly + 6)" x2="\##(x + 26)" y2="\##(ly + 6)" stroke="\##(ProtocolPalette.colour(name))" stroke-width="4"/>"##
            svg += ##"<text x="\##(x + 32)" y="\##(ly + 10)" fill="#333">\##(XMLText.escape(name == "-" ? "unrecognised" : name))</text>"##
        }
        svg += "</g>\n</svg>\n"
        return svg
    }

    /// Lines under the nodes. Several protocols between one pair bend apart so each shows.
    func drawLinks(_ links: [MapLink], centre: [String: (x: Int, y: Int)]) -> String {
        var out = ##"<g class="links" fill="none">"##
        var seenPairs: [String: Int] = [:]
        for link in links {
            guard let a = centre[link.client], let b = centre[link.server] else { continue }
            let pair = min(link.client, link.server) + "\u{0}" + max(link.client, link.server)
            let nth = seenPairs[pair, default: 0]
            seenPairs[pair] = nth + 1
            // Bend alternately to each side, further for each further protocol of the pair.
            let bend = Double((nth + 1) / 2) * 18 * (nth % 2 == 0 ? 1 : -1)
            let (dx, dy) = (Double(b.x - a.x), Double(b.y - a.y))
            let length = max(1, (dx * dx + dy * dy).squareRoot())
            let mx = Double(a.x + b.x) / 2 - dy / length * bend
            let my = Double(a.y + b.y) / 2 + dx / length * bend
            let path =
                a.x == b.x && a.y == b.y
                ? "M\(a.x) \(a.y - 22) c 30 -40 60 0 30 22"  // a device talking to itself
                : "M\(a.x) \(a.y) Q\(Int(mx)) \(Int(my)) \(b.x) \(b.y)"
            let widthValue = 1.0 + min(5.0, Double(max(1, link.bytes)).log10 / 1.5)
            let title =
                "\(link.client) → \(link.server): \(link.protocol == "-" ? "unrecognised" : link.protocol), \(link.connections) connection(s), \(link.bytes) bytes"
            out +=
                ##"<path class="link" data-protocol="\##(XMLText.escape(link.protocol))" d="\##(path)" stroke="\##(ProtocolPalette.colour(link.protocol))" stroke-width="\##(String(format: "%.1f", widthValue))" stroke-opacity="0.75"><title>\##(XMLText.escape(title))</title></path>"##
        }
        return out + "</g>\n"
    }

    func drawNode(_ node: MapNode, x: Int, y: Int) -> String {
        let fill = node.isAsset ? (node.vulnerabilities > 0 ? "#fff1e6" : "#ffffff") : "#f8f8f8"
        let stroke = node.vulnerabilities > 0 ? "#d9480f" : (node.isAsset ? "#445" : "#aaa")
        var tooltip = "\(node.label)\n\(node.typeName)\n" + node.addresses.joined(separator: "\n")
        if node.vulnerabilities > 0 { tooltip += "\n\(node.vulnerabilities) vulnerabilit\(node.vulnerabilities == 1 ? "y" : "ies")" }
        let second = node.isAsset ? (node.addresses.first ?? node.key) : "not in the inventory"
        let dash = node.isAsset ? "" : #" stroke-dasharray="4 3""#
        var body =
            ##"<rect x="\##(x)" y="\##(y)" width="\##(Self.nodeWidth)" height="\##(Self.nodeHeight)" rx="6" fill="\##(fill)" stroke="\##(stroke)"\##(dash)/>"##
        body +=
            ##"<text x="\##(x + 8)" y="\##(y + 18)" font-weight="bold" fill="#111">\##(XMLText.escape(XMLText.shortened(node.label, to: 22)))</text>"##
        body += ##"<text x="\##(x + 8)" y="\##(y + 34)" fill="#555">\##(XMLText.escape(XMLText.shortened(second, to: 24)))</text>"##
        body += "<title>\(XMLText.escape(tooltip))</title>"
        let open = ##"<g class="node" data-key="\##(XMLText.escape(node.key))" data-band="\##(node.band.name)">"##
        if let href = link?(node) {
            return open + ##"<a href="\##(XMLText.escape(href))">"## + body + "</a></g>\n"
        }
        return open + body + "</g>\n"
    }
}

extension Double {
    fileprivate var log10: Double { Foundation.log10(self) }
}
