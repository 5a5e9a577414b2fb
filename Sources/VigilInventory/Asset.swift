import VigilCore

/// A value with the evidence it came from, and when that evidence was first seen.
public struct Evidenced: Sendable, Equatable {
    public var value: String
    public var evidence: String
    public var at: Timestamp = .zero

    public init(value: String, evidence: String, at: Timestamp = .zero) {
        self.value = value
        self.evidence = evidence
        self.at = at
    }

    /// A stand-in (a product code for a model name) gives way to a real reading.
    var isFallback: Bool { evidence.hasSuffix("(fallback)") }

    /// Whether this should replace `old` as a field's evidence: a real reading beats a
    /// fallback, then the earlier one wins, then (at one instant) the smaller value. The order
    /// does not depend on which worker saw what first, so several workers' inventories merge
    /// into what one worker would have learnt.
    func isPreferred(over old: Evidenced) -> Bool {
        if isFallback != old.isFallback { return old.isFallback }
        if at != old.at { return at < old.at }
        return (value, evidence) < (old.value, old.evidence)
    }
}

/// One device on the network, as learned from events.
public struct Asset: Sendable {
    public var mac: MACAddress?
    /// When `mac` was first seen for this address (the earliest binding wins).
    var macAt = Timestamp.zero
    public var ips: Set<IPAddress> = []
    /// At most `maxHostnames`, the earliest first.
    public var hostnames: [Evidenced] = []
    public var roles: Set<String> = []
    public var protocols: Set<String> = []
    public var identity: [IdentityFieldName: Evidenced] = [:]
    public var firstSeen: Timestamp
    public var lastSeen: Timestamp
    /// At most `maxPeers` addresses this one talked to.
    public var peers: Set<IPAddress> = []

    /// Names kept per device: a DHCP pool's churn must not grow one asset without bound.
    static let maxHostnames = 16
    /// Peers kept per device: a scanner's or a busy server's would otherwise grow without
    /// bound. Past it, which peers are kept depends on the order connections ended.
    static let maxPeers = 1024

    public init(firstSeen: Timestamp) {
        self.firstSeen = firstSeen
        self.lastSeen = firstSeen
    }

    /// Takes `mac`, seen at `at`, if it is the earliest binding so far (at one instant, the
    /// smaller address).
    mutating func bind(_ newMAC: MACAddress, at time: Timestamp) {
        if let current = mac, (macAt, current) <= (time, newMAC) { return }
        mac = newMAC
        macAt = time
    }

    /// Records a piece of identity evidence, keeping the preferred one per field.
    mutating func learn(_ field: IdentityFieldName, _ e: Evidenced) {
        if let old = identity[field], !e.isPreferred(over: old) { return }
        identity[field] = e
    }

    /// Records a name, kept in order of first sighting (then by name).
    mutating func addHostname(_ e: Evidenced) {
        if let i = hostnames.firstIndex(where: { $0.value == e.value }) {
            guard (e.at, e.evidence) < (hostnames[i].at, hostnames[i].evidence) else { return }
            hostnames.remove(at: i)
        }
        let at = hostnames.firstIndex { (e.at, e.value) < ($0.at, $0.value) } ?? hostnames.endIndex
        hostnames.insert(e, at: at)
        if hostnames.count > Self.maxHostnames { hostnames.removeLast() }
    }

    mutating func addPeer(_ ip: IPAddress) {
        if peers.count < Self.maxPeers { peers.insert(ip) }
    }

    /// True when both name a value for one identity field and the values differ: two devices.
    func identityConflicts(with other: Asset) -> Bool {
        identity.contains { field, mine in other.identity[field].map { $0.value != mine.value } ?? false }
    }

    /// Folds in what another pipeline learnt about the same address, by the same rules as
    /// learning it here: the result does not depend on which worker saw what.
    mutating func merge(_ other: Asset) {
        if let m = other.mac { bind(m, at: other.macAt) }
        ips.formUnion(other.ips)
        for h in other.hostnames { addHostname(h) }
        roles.formUnion(other.roles)
        protocols.formUnion(other.protocols)
        for (k, v) in other.identity { learn(k, v) }
        if other.firstSeen < firstSeen { firstSeen = other.firstSeen }
        if other.lastSeen > lastSeen { lastSeen = other.lastSeen }
        for p in other.peers { addPeer(p) }
    }

    /// Folds another view of the same device (e.g. its IPv6 link-local address) into this one.
    mutating func absorb(_ other: Asset) {
        ips.formUnion(other.ips)
        for h in other.hostnames where !hostnames.contains(where: { $0.value == h.value }) { hostnames.append(h) }
        roles.formUnion(other.roles)
        protocols.formUnion(other.protocols)
        for (k, v) in other.identity where identity[k] == nil { identity[k] = v }
        if other.firstSeen < firstSeen { firstSeen = other.firstSeen }
        if other.lastSeen > lastSeen { lastSeen = other.lastSeen }
        peers.formUnion(other.peers)
        peers.subtract(ips)
    }
}

/// The identity fields assets.json carries (mirrors VigilProtocols.IdentityField without the
/// inventory depending on how events are spelled).
public enum IdentityFieldName: String, Sendable, CaseIterable {
    case vendor, product, model, firmware, serial, software, name
}
