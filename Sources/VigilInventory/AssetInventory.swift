import VigilCore
import VigilProtocols

/// Builds the device inventory and communication map. It learns only from events and
/// finished-connection summaries; it never parses packets.
public final class AssetInventory {
    /// Assets keyed by IP (the unit analysts reason about); MACs attach to them.
    var byIP: [IPAddress: Asset] = [:]
    /// Devices seen only at layer 2 (ARP without IP traffic yet, non-IP frames).
    var macOnly: [MACAddress: Asset] = [:]
    var edges: [CommunicationEdge.Key: CommunicationEdge] = [:]
    /// Assets tracked at most; a scan of a /8 must not exhaust memory. Past it, new addresses
    /// are counted, not stored.
    public static let maxAssets = 100_000
    public private(set) var assetsDropped = 0

    public init() {}

    /// A new asset for `ip`, or nil once `maxAssets` are tracked.
    func newAsset(_ ip: IPAddress, at ts: Timestamp) -> Asset? {
        guard byIP.count < AssetInventory.maxAssets else {
            assetsDropped += 1
            return nil
        }
        var a = Asset(firstSeen: ts)
        a.ips.insert(ip)
        return a
    }

    /// Changes the asset in place in `byIP`: copying it out and back made every write copy its
    /// sets (a busy server's `peers` holds up to 1,024 addresses), once per connection.
    func update(_ ip: IPAddress, at ts: Timestamp, _ body: (inout Asset) -> Void) {
        guard !ip.isGroup, !ip.isUnspecified else { return }
        if let i = byIP.index(forKey: ip) {
            Self.touch(&byIP.values[i], at: ts, body)
        } else if var fresh = newAsset(ip, at: ts) {
            Self.touch(&fresh, at: ts, body)
            byIP[ip] = fresh
        }
    }

    private static func touch(_ a: inout Asset, at ts: Timestamp, _ body: (inout Asset) -> Void) {
        if ts < a.firstSeen { a.firstSeen = ts }
        if ts > a.lastSeen { a.lastSeen = ts }
        body(&a)
    }

    public func observe(_ event: SensorEvent, at ts: Timestamp) {
        switch event {
        case .identity(let host, let field, let value, let evidence):
            update(host, at: ts) { a in
                // First evidence wins, except that a fallback (e.g. a product code standing in
                // for a model name) gives way to the real field when it appears.
                if let f = IdentityFieldName(rawValue: field.rawValue),
                    a.identity[f] == nil || (a.identity[f]!.evidence.hasSuffix("(fallback)") && !evidence.hasSuffix("(fallback)"))
                {
                    a.identity[f] = Evidenced(value: value, evidence: evidence)
                }
            }
        case .role(let host, let role):
            update(host, at: ts) { $0.roles.insert(role) }
        case .hostname(let host, let name, let evidence):
            update(host, at: ts) { a in
                if !a.hostnames.contains(where: { $0.value == name }) && a.hostnames.count < 16 {
                    a.hostnames.append(Evidenced(value: name, evidence: evidence))
                }
            }
        case .binding(let mac, let host, _):
            update(host, at: ts) { $0.mac = $0.mac ?? mac }
        case .log, .weird, .messages:
            break
        }
    }

    /// ARP requests and replies bind a MAC to an IPv4 address (RFC 826).
    public func observeARP(senderMAC: MACAddress, senderIP: IPAddress, at ts: Timestamp) {
        if senderIP.isUnspecified { return }
        update(senderIP, at: ts) { a in
            if a.mac == nil { a.mac = senderMAC }
            a.protocols.insert("arp")
        }
    }

    /// A finished connection: both ends become assets, the edge is counted.
    public func observe(
        connection id: ConnectionID, services: [String], origMAC: MACAddress?, respMAC: MACAddress?,
        start: Timestamp, last: Timestamp, packets: Int, bytes: Int, answered: Bool
    ) {
        let service = services.first ?? "-"
        let transport = id.proto.zeekName.string
        update(id.origHost, at: start) { a in
            if ts(last, a) { a.lastSeen = last }
            if a.mac == nil, let m = origMAC, !m.isGroup, id.origHost.isLocalScope { a.mac = m }
            if services.isEmpty { a.protocols.insert(transport) } else { for s in services { a.protocols.insert(s) } }
            if a.peers.count < 1024 { a.peers.insert(id.respHost) }
        }
        // A responder that never answered may not exist; do not invent it as an asset.
        if answered {
            update(id.respHost, at: start) { a in
                if ts(last, a) { a.lastSeen = last }
                if a.mac == nil, let m = respMAC, !m.isGroup, id.respHost.isLocalScope { a.mac = m }
                if services.isEmpty { a.protocols.insert(transport) } else { for s in services { a.protocols.insert(s) } }
                if a.peers.count < 1024 { a.peers.insert(id.origHost) }
            }
        }
        let key = CommunicationEdge.Key(client: id.origHost, server: id.respHost, transport: id.proto, port: id.respPort, service: service)
        edges[key, default: CommunicationEdge(key: key, firstSeen: start, lastSeen: last)].add(
            packets: packets, bytes: bytes, start: start, last: last)
    }

    private func ts(_ t: Timestamp, _ a: Asset) -> Bool { t > a.lastSeen }

    /// One entry per device: an IPv6 link-local address joins the asset that shares its MAC
    /// (a link-local address is on-link, so its frames carry the device's own MAC).
    public var assets: [Asset] {
        var merged: [Asset] = []
        var byMAC: [MACAddress: Int] = [:]
        let ordered = byIP.values.sorted { a, b in
            let la = a.ips.contains { $0.isLinkLocalV6 }
            let lb = b.ips.contains { $0.isLinkLocalV6 }
            if la != lb { return !la }  // routable/IPv4 assets first, so link-local ones join them
            return (a.ips.min() ?? .v4(0)) < (b.ips.min() ?? .v4(0))
        }
        for a in ordered {
            if let mac = a.mac, a.ips.allSatisfy({ $0.isLinkLocalV6 }), let i = byMAC[mac] {
                merged[i].absorb(a)
                continue
            }
            if let mac = a.mac, byMAC[mac] == nil { byMAC[mac] = merged.count }
            merged.append(a)
        }
        return merged.sorted { ($0.ips.min() ?? .v4(0)) < ($1.ips.min() ?? .v4(0)) }
    }

    public var communicationEdges: [CommunicationEdge] {
        edges.values.sorted { a, b in
            if a.key.client != b.key.client { return a.key.client < b.key.client }
            if a.key.server != b.key.server { return a.key.server < b.key.server }
            return a.key.port < b.key.port
        }
    }
}
