import Foundation
import Hummingbird
import VigilMap

/// The communication map page: the SVG `MapSVG` draws, whose nodes link to asset pages, with
/// filters by protocol and zone.
enum MapView {
    /// Enough to read on a laptop screen; filters narrow the rest.
    static let maxNodes = 300

    static func values(_ request: Request, _ database: HubDatabase) async throws -> [String: Any] {
        let q = request.uri.queryParameters
        let chosenProtocol = DashboardText.parameter(q, "protocol")
        let chosenZone = DashboardText.parameter(q, "zone")
        let shown = try await database.communicationMap(protocol: chosenProtocol, zone: chosenZone, limit: maxNodes)
        let choices = try await database.mapChoices()
        var drawing = MapSVG(link: { node in node.isAsset ? DashboardText.assetLink(node.key) : nil })
        drawing.maxNodes = maxNodes
        return [
            "svg": drawing.render(shown), "nodes": shown.nodes.count, "links": shown.links.count,
            "protocols": choices.protocols.map { ["name": $0, "selected": $0 == chosenProtocol] as [String: Any] },
            "zones": choices.zones.map { ["name": $0, "selected": $0 == chosenZone] as [String: Any] },
        ]
    }
}
