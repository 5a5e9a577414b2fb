import Foundation
import Hummingbird
import VigilMap

/// The communication map as data (viewer), the same one the dashboard draws:
///
///     GET /api/v1/map?protocol=&zone=&limit=   {nodes: [...], links: [...]}, the busiest `limit` nodes (default 300, at most 5000)
struct MapRoutes: Sendable {
    let database: HubDatabase

    struct Node: Encodable {
        var key: String
        var label: String
        var addresses: [String]
        var band: String
        var type: String
        var zone: String
        var asset: Bool
        var vulnerabilities: Int
    }

    struct Link: Encodable {
        var client: String
        var server: String
        var `protocol`: String
        var connections: Int
        var bytes: Int
    }

    struct Body: Encodable {
        var nodes: [Node]
        var links: [Link]
    }

    func add(to router: Router<HubRequestContext>) {
        let viewer = router.group("/api/v1").add(middleware: TokenAuthenticator(database: database, minimum: .viewer))
        viewer.get("map") { request, _ in
            let query = request.uri.queryParameters
            var limit = 300
            if let text = query["limit"] {
                guard let n = Int(text), (1...5000).contains(n) else {
                    throw HubProblem(.badRequest, "Bad limit", detail: "limit is a number from 1 to 5000")
                }
                limit = n
            }
            var map = try await database.communicationMap(
                protocol: query["protocol"].map(String.init), zone: query["zone"].map(String.init), limit: limit)
            _ = map.keepBusiest(limit)
            return try JSONBody.response(
                Body(
                    nodes: map.nodes.map {
                        Node(
                            key: $0.key, label: $0.label, addresses: $0.addresses, band: "\($0.band)", type: $0.typeName, zone: $0.zone,
                            asset: $0.isAsset, vulnerabilities: $0.vulnerabilities)
                    },
                    links: map.links.map {
                        Link(client: $0.client, server: $0.server, protocol: $0.protocol, connections: $0.connections, bytes: $0.bytes)
                    }))
        }
    }
}
