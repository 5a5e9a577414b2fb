import VigilCore
import VigilEvents

/// Builds the device inventory and communication map. It learns only from events (identity,
/// roles, names, bindings, ARP, finished connections); it never parses packets.
public final class AssetInventory: EventSubscriber {
    /// Assets, one per IP (the unit analysts reason about), in the order they appeared;
    /// `assetIndex` finds one by IP. MACs attach to them.
    var assetList: [Asset] = []
    var assetIndex: [IPAddress: Int] = [:]
    /// Devices known by their MAC alone: link-layer announcements (LLDP, CDP, PROFINET DCP)
    /// that name no IP address. `assets` folds each into the IP asset that shows the same
    /// MAC, or lists it on its own.
    var macOnly: [MACAddress: Asset] = [:]
    var edgeList: [CommunicationEdge] = []
    var edgeIndex: [CommunicationEdge.Key: Int] = [:]
    /// Where recent kinds of finished connection went (`observe(connection:)`).
    var recent: RecentConnections
    /// Assets tracked at most; a scan of a /8 must not exhaust memory. Past it, new addresses
    /// are counted, not stored.
    public static let maxAssets = 100_000
    public private(set) var assetsDropped = 0

    /// Names the operating system of DHCP clients.
    let fingerprints: DHCPFingerprints

    /// `recentConnectionSlots`: how many kinds of connection `RecentConnections` remembers (a
    /// power of two; 0 turns it off). `fingerprints`: the DHCP fingerprint table.
    public init(recentConnectionSlots: Int = 4096, fingerprints: DHCPFingerprints = .bundled) {
        recent = RecentConnections(slotCount: recentConnectionSlots)
        self.fingerprints = fingerprints
    }

    /// A new asset for `ip`, or nil once `maxAssets` are tracked.
    func newAsset(_ ip: IPAddress, at ts: Timestamp) -> Asset? {
        guard assetList.count < AssetInventory.maxAssets else {
            assetsDropped += 1
            return nil
        }
        var a = Asset(firstSeen: ts)
        a.ips.insert(ip)
        return a
    }

    /// Changes the asset in place in `assetList`: copying it out and back made every write
    /// copy its sets (a busy server's `peers` holds up to 1,024 addresses), once per
    /// connection. Returns the asset's index, or -1 when none is kept for `ip`.
    @discardableResult
    func update(_ ip: IPAddress, at ts: Timestamp, _ body: (inout Asset) -> Void) -> Int {
        guard Self.keepsAsset(ip) else { return -1 }
        if let i = assetIndex[ip] {
            Self.touch(&assetList[i], at: ts, body)
            return i
        }
        guard var fresh = newAsset(ip, at: ts) else { return -1 }
        Self.touch(&fresh, at: ts, body)
        assetList.append(fresh)
        assetIndex[ip] = assetList.count - 1
        return assetList.count - 1
    }

    /// Changes (or starts) the entry of a device known only by its MAC. Counted against
    /// `maxAssets` with the IP assets: a flood of forged source MACs must not exhaust memory.
    func updateLinkOnly(_ mac: MACAddress, at ts: Timestamp, _ body: (inout Asset) -> Void) {
        guard !mac.isGroup else { return }
        if macOnly[mac] == nil {
            guard assetList.count + macOnly.count < AssetInventory.maxAssets else {
                assetsDropped += 1
                return
            }
            var a = Asset(firstSeen: ts)
            a.bind(mac, at: ts)
            macOnly[mac] = a
        }
        Self.touch(&macOnly[mac]!, at: ts, body)
    }

    /// Group and unspecified addresses name no one device.
    static func keepsAsset(_ ip: IPAddress) -> Bool { !ip.isGroup && !ip.isUnspecified }

    private static func touch(_ a: inout Asset, at ts: Timestamp, _ body: (inout Asset) -> Void) {
        if ts < a.firstSeen { a.firstSeen = ts }
        if ts > a.lastSeen { a.lastSeen = ts }
        body(&a)
    }

    public func receive(_ event: SensorEvent, at ts: Timestamp) {
        switch event {
        case .identity(let host, let field, let value, let evidence):
            guard let f = IdentityFieldName(rawValue: field.rawValue) else { return }
            update(host, at: ts) { $0.learn(f, Evidenced(value: value, evidence: evidence, at: ts)) }
        case .role(let host, let role):
            update(host, at: ts) { $0.roles.insert(role) }
        case .macIdentity(let mac, let field, let value, let evidence):
            guard let f = IdentityFieldName(rawValue: field.rawValue) else { return }
            updateLinkOnly(mac, at: ts) { $0.learn(f, Evidenced(value: value, evidence: evidence, at: ts)) }
        case .macRole(let mac, let role):
            updateLinkOnly(mac, at: ts) { $0.roles.insert(role) }
        case .hostname(let host, let name, let evidence):
            update(host, at: ts) { $0.addHostname(Evidenced(value: name, evidence: evidence, at: ts)) }
        case .binding(let mac, let host, _):
            update(host, at: ts) { $0.bind(mac, at: ts) }
        case .arp(let a):
            observeARP(senderMAC: a.senderMAC, senderIP: a.senderIP, at: a.ts)
        case .dhcp(let e):
            observe(dhcp: e)
        case .connectionFinished(let c):
            observe(
                connection: c.id, services: c.services, origMAC: c.origMAC, respMAC: c.respMAC, start: c.start, last: c.last,
                packets: c.packets, bytes: c.bytes, answered: c.answered)
        case .weird, .messages, .modbus, .modbusDeviceIdentification, .modbusTransaction, .iec104, .coap, .dns, .mqttConnect, .mqttPublish,
            .mqttSubscribe, .http, .s7, .enip, .dnp3, .osdp, .tls, .bacnet, .opcua, .deviceAnnouncement, .snmp, .ssdp, .x509, .syslog, .ntp,
            .dceRPC,
            .file, .smtp, .ssh, .ftp, .tunnel, .tunnelOpened, .vulnerability:
            break
        }
    }

    /// A DHCP client's operating system, by its fingerprint, at the address it was given (or
    /// by its MAC, when it got none).
    public func observe(dhcp e: DHCPExchangeEvent) {
        guard let (os, evidence) = fingerprints.identify(vendorClass: e.vendorClass, parameters: e.parameters) else { return }
        let reading = Evidenced(value: os, evidence: evidence, at: e.ts)
        if let host = e.assigned ?? e.clientAddr {
            update(host, at: e.ts) { $0.learn(.os, reading) }
        } else if let mac = e.mac {
            updateLinkOnly(mac, at: e.ts) { $0.learn(.os, reading) }
        }
    }

    /// ARP requests and replies bind a MAC to an IPv4 address (RFC 826).
    func observeARP(senderMAC: MACAddress, senderIP: IPAddress, at ts: Timestamp) {
        if senderIP.isUnspecified { return }
        update(senderIP, at: ts) { a in
            a.bind(senderMAC, at: ts)
            a.protocols.insert("arp")
        }
    }

    /// A finished connection: both ends become assets, the edge is counted.
    func observe(
        connection id: ConnectionID, services: [String], origMAC: MACAddress?, respMAC: MACAddress?,
        start: Timestamp, last: Timestamp, packets: Int, bytes: Int, answered: Bool
    ) {
        if let e = recent.find(id, services: services, answered: answered) {
            // The same kind as a recent connection: its protocols and peers are in the sets.
            if e.clientAsset >= 0 { seen(&assetList[e.clientAsset], id.origHost, mac: origMAC, start: start, last: last) }
            if e.serverAsset >= 0 { seen(&assetList[e.serverAsset], id.respHost, mac: respMAC, start: start, last: last) }
            edgeList[e.edge].add(packets: packets, bytes: bytes, start: start, last: last)
            return
        }
        let service = services.first ?? "-"
        let transport = id.proto.zeekName.string
        /// One end: its times and MAC, the connection's protocols, and the other end as a peer.
        func end(_ ip: IPAddress, mac: MACAddress?, peer: IPAddress) -> Int {
            update(ip, at: start) { a in
                seen(&a, ip, mac: mac, start: start, last: last)
                if services.isEmpty { a.protocols.insert(transport) } else { for s in services { a.protocols.insert(s) } }
                a.addPeer(peer)
            }
        }
        let client = end(id.origHost, mac: origMAC, peer: id.respHost)
        // A responder that never answered may not exist; do not invent it as an asset.
        let server = answered ? end(id.respHost, mac: respMAC, peer: id.origHost) : -1
        let key = CommunicationEdge.Key(client: id.origHost, server: id.respHost, transport: id.proto, port: id.respPort, service: service)
        let edge: Int
        if let i = edgeIndex[key] {
            edge = i
        } else {
            edge = edgeList.count
            edgeList.append(CommunicationEdge(key: key, firstSeen: start, lastSeen: last))
            edgeIndex[key] = edge
        }
        edgeList[edge].add(packets: packets, bytes: bytes, start: start, last: last)
        // An end refused for the asset limit is tried (and counted) again next time.
        guard client >= 0 || !Self.keepsAsset(id.origHost), server >= 0 || !answered || !Self.keepsAsset(id.respHost) else { return }
        recent.remember(
            RecentConnections.Entry(
                client: id.origHost, server: id.respHost, transport: id.proto, port: id.respPort, services: services,
                answered: answered, clientAsset: client, serverAsset: server, edge: edge))
    }

    /// One end of a finished connection: its times, and the frames' MAC for an on-link
    /// address.
    private func seen(_ a: inout Asset, _ ip: IPAddress, mac: MACAddress?, start: Timestamp, last: Timestamp) {
        if start < a.firstSeen { a.firstSeen = start }
        if last > a.lastSeen { a.lastSeen = last }
        if let m = mac, !m.isGroup, ip.isLocalScope { a.bind(m, at: start) }
    }

    /// Folds in another pipeline's inventory (another worker's share of the same traffic).
    /// Every rule that picks one value (a field's evidence, a MAC, the names kept) orders by
    /// time and then by value, so the result is the same whichever worker learnt what.
    public func merge(_ other: AssetInventory) {
        for (mac, a) in other.macOnly {
            if macOnly[mac] != nil {
                macOnly[mac]!.merge(a)
            } else if assetList.count + macOnly.count < AssetInventory.maxAssets {
                macOnly[mac] = a
            } else {
                assetsDropped += 1
            }
        }
        for a in other.assetList {
            guard let ip = a.ips.first else { continue }
            if let i = assetIndex[ip] {
                assetList[i].merge(a)
            } else if assetList.count < AssetInventory.maxAssets {
                assetList.append(a)
                assetIndex[ip] = assetList.count - 1
            } else {
                assetsDropped += 1
            }
        }
        assetsDropped += other.assetsDropped
        for e in other.edgeList {
            if let i = edgeIndex[e.key] {
                edgeList[i].merge(e)
            } else {
                edgeIndex[e.key] = edgeList.count
                edgeList.append(e)
            }
        }
    }

    /// One entry per device. Two addresses that share a MAC on one link are one device (a host
    /// with a static and a DHCP-assigned address), and an IPv6 link-local address joins the
    /// asset with its MAC. Everything else stays apart: addresses behind a router arrive in its
    /// MAC's frames but from other subnets, and a gateway fronting several devices (a BACnet
    /// router, a proxy) shows one MAC for more than two addresses of its own subnet, or for
    /// addresses whose identities disagree. IPv4 addresses are taken as one link when they share
    /// a /24, IPv6 ones a /64: narrower than many real subnets, so two devices are not made one.
    public var assets: [Asset] {
        var merged: [Asset] = []
        var byLink: [LinkKey: Int] = [:]
        var firstByMAC: [MACAddress: Int] = [:]
        let ordered = assetList.sorted { a, b in
            let la = a.ips.contains { $0.isLinkLocalV6 }
            let lb = b.ips.contains { $0.isLinkLocalV6 }
            if la != lb { return !la }  // routable/IPv4 assets first, so link-local ones join them
            return (a.ips.min() ?? .v4(0)) < (b.ips.min() ?? .v4(0))
        }
        var addressesOnLink: [LinkKey: Int] = [:]
        for a in ordered {
            guard let mac = a.mac else { continue }
            for ip in a.ips where !ip.isLinkLocalV6 { addressesOnLink[LinkKey(mac: mac, address: ip), default: 0] += 1 }
        }
        for a in ordered {
            guard let mac = a.mac else {
                merged.append(a)
                continue
            }
            if a.ips.allSatisfy({ $0.isLinkLocalV6 }), let i = firstByMAC[mac] {
                merged[i].absorb(a)
                continue
            }
            let links = a.ips.filter { !$0.isLinkLocalV6 }.map { LinkKey(mac: mac, address: $0) }
            if let i = links.lazy.compactMap({ byLink[$0] }).first,
                links.allSatisfy({ addressesOnLink[$0, default: 0] <= Self.maxAddressesPerDevice }),
                !merged[i].identityConflicts(with: a)
            {
                merged[i].absorb(a)
                continue
            }
            if firstByMAC[mac] == nil { firstByMAC[mac] = merged.count }
            for l in links where byLink[l] == nil { byLink[l] = merged.count }
            merged.append(a)
        }
        // A device known by its MAC alone joins the device with that MAC once it shows an
        // address; until then it is an entry of its own, after those with addresses.
        var linkOnly: [Asset] = []
        for (mac, a) in macOnly.sorted(by: { $0.key < $1.key }) {
            if let i = firstByMAC[mac] {
                merged[i].merge(a)  // its identity by the usual preference, its roles, its times
            } else {
                linkOnly.append(a)
            }
        }
        return merged.sorted { ($0.ips.min() ?? .v4(0)) < ($1.ips.min() ?? .v4(0)) } + linkOnly
    }

    /// Addresses of one subnet that one MAC may hold and still be taken for one device: a
    /// static and a DHCP-assigned one. More is what a gateway or proxy looks like.
    static let maxAddressesPerDevice = 2

    /// A MAC on one IP link: the address's /24 (IPv4) or /64 (IPv6).
    struct LinkKey: Hashable {
        var mac: MACAddress
        var prefix: IPAddress

        init(mac: MACAddress, address: IPAddress) {
            self.mac = mac
            switch address {
            case .v4(let a): prefix = .v4(a & 0xFFFF_FF00)
            case .v6(let hi, _): prefix = .v6(hi, 0)
            }
        }
    }

    public var communicationEdges: [CommunicationEdge] {
        // A total order, so that map.json is the same on every run.
        edgeList.sorted { a, b in
            if a.key.client != b.key.client { return a.key.client < b.key.client }
            if a.key.server != b.key.server { return a.key.server < b.key.server }
            if a.key.port != b.key.port { return a.key.port < b.key.port }
            if a.key.transport != b.key.transport { return a.key.transport.rawValue < b.key.transport.rawValue }
            return a.key.service < b.key.service
        }
    }
}
