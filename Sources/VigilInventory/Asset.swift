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
    /// Each field's value, with its evidence (`IdentityReadings.chosen`).
    public private(set) var identity: [IdentityFieldName: Evidenced] = [:]
    /// Every reading of each field: the value's rivals and history (assets.json
    /// `identity_conflicts`, `identity_changes`).
    public private(set) var readings: [IdentityFieldName: IdentityReadings] = [:]
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

    /// Records a piece of identity evidence read at `e.at`; the field's value is then chosen
    /// again from all its readings.
    mutating func learn(_ field: IdentityFieldName, _ e: Evidenced) {
        learn(field, IdentityReading(value: e.value, evidence: e.evidence, first: e.at, last: e.at))
    }

    mutating func learn(_ field: IdentityFieldName, _ r: IdentityReading) {
        readings[field, default: IdentityReadings()].add(r)
        if let c = readings[field]?.chosen { identity[field] = Evidenced(value: c.value, evidence: c.evidence, at: c.first) }
    }

    /// Folds in every reading of `other`'s fields.
    mutating func learnAll(from other: Asset) {
        for (field, rs) in other.readings {
            for r in rs.all { learn(field, r) }
        }
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

    /// Folds in what another pipeline learnt about the same address, or what the device said
    /// of itself before its address was known (a link-layer announcement, keyed by the same
    /// MAC), by the same rules as learning it here: the result does not depend on which worker
    /// saw what, or in which order.
    mutating func merge(_ other: Asset) {
        if let m = other.mac { bind(m, at: other.macAt) }
        ips.formUnion(other.ips)
        for h in other.hostnames { addHostname(h) }
        roles.formUnion(other.roles)
        protocols.formUnion(other.protocols)
        learnAll(from: other)
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
        for (field, rs) in other.readings where readings[field] == nil {
            for r in rs.all { learn(field, r) }
        }
        if other.firstSeen < firstSeen { firstSeen = other.firstSeen }
        if other.lastSeen > lastSeen { lastSeen = other.lastSeen }
        peers.formUnion(other.peers)
        peers.subtract(ips)
    }
}

/// The identity fields assets.json carries (mirrors VigilProtocols.IdentityField without the
/// inventory depending on how events are spelled).
public enum IdentityFieldName: String, Sendable, CaseIterable {
    case vendor, product, model, firmware, serial, software, name, os
}
