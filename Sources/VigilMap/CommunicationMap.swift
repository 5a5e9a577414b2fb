/// Who talks to whom, by device: map.json's address-to-address edges folded onto the devices
/// of assets.json (a device with three addresses is one node), ready to draw or filter.
public struct CommunicationMap: Sendable {
    /// Nodes in drawing order: by band, then by label.
    public private(set) var nodes: [MapNode]
    public private(set) var links: [MapLink]

    public init(assets: [AssetDocument], edges: [MapEdgeDocument]) {
        self.init(devices: assets.map(MapNode.init), edges: edges)
    }

    /// The map of devices already made nodes (a store's columns, not each device's document).
    public init(devices: [MapNode], edges: [MapEdgeDocument]) {
        var nodeByAddress: [String: Int] = [:]
        var nodes = devices
        for (index, device) in devices.enumerated() {
            for address in device.addresses where nodeByAddress[address] == nil { nodeByAddress[address] = index }
        }
        func node(_ address: String) -> String {
            if let index = nodeByAddress[address] { return nodes[index].key }
            nodeByAddress[address] = nodes.count
            nodes.append(MapNode(address: address))
            return address
        }
        struct LinkKey: Hashable {
            var client: String
            var server: String
            var `protocol`: String
        }
        var totals: [LinkKey: (connections: Int, bytes: Int)] = [:]
        var order: [LinkKey] = []
        for edge in edges {
            let key = LinkKey(client: node(edge.client), server: node(edge.server), protocol: edge.protocol)
            if totals[key] == nil { order.append(key) }
            totals[key, default: (0, 0)].connections += edge.connections
            totals[key, default: (0, 0)].bytes += edge.bytes
        }
        self.links = order.map { key in
            MapLink(
                client: key.client, server: key.server, protocol: key.protocol, connections: totals[key]!.connections,
                bytes: totals[key]!.bytes)
        }
        self.nodes = nodes.sorted { ($0.band, $0.label, $0.key) < ($1.band, $1.label, $1.key) }
    }

    private init(nodes: [MapNode], links: [MapLink]) {
        self.nodes = nodes
        self.links = links
    }

    /// Every protocol some link carries, sorted.
    public var protocols: [String] { Array(Set(links.map(\.protocol))).sorted() }

    /// Every zone some device is in, sorted.
    public var zones: [String] { Array(Set(nodes.filter(\.isAsset).map(\.zone))).sorted() }

    /// Only the links of `protocol` (when given) with an end in `zone` (when given), and the
    /// nodes they join; without a protocol, the zone's devices stay even when they are silent.
    public func filtered(protocol: String? = nil, zone: String? = nil) -> CommunicationMap {
        guard `protocol` != nil || zone != nil else { return self }
        let zoneNodes = Set(nodes.filter { zone == nil || $0.zone == zone }.map(\.key))
        let kept = links.filter { link in
            (`protocol` == nil || link.protocol == `protocol`)
                && (zone == nil || zoneNodes.contains(link.client) || zoneNodes.contains(link.server))
        }
        var shown = Set(kept.flatMap { [$0.client, $0.server] })
        if `protocol` == nil { shown.formUnion(zoneNodes) }
        return CommunicationMap(nodes: nodes.filter { shown.contains($0.key) }, links: kept)
    }

    /// At most `limit` nodes: devices before other addresses, then those with the most
    /// traffic; links to nodes left off go too. Returns how many nodes were left off.
    public mutating func keepBusiest(_ limit: Int) -> Int {
        guard nodes.count > limit else { return 0 }
        var traffic: [String: Int] = [:]
        for link in links {
            traffic[link.client, default: 0] += link.bytes
            traffic[link.server, default: 0] += link.bytes
        }
        let ranked = nodes.sorted { a, b in
            if a.isAsset != b.isAsset { return a.isAsset }
            return (traffic[a.key] ?? 0, b.key) > (traffic[b.key] ?? 0, a.key)
        }
        let kept = Set(ranked.prefix(limit).map(\.key))
        let dropped = nodes.count - kept.count
        nodes.removeAll { !kept.contains($0.key) }
        links.removeAll { !kept.contains($0.client) || !kept.contains($0.server) }
        return dropped
    }
}
