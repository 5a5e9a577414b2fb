import VigilCore

/// A value with the evidence it came from.
public struct Evidenced: Sendable, Equatable {
    public var value: String
    public var evidence: String
}

/// One device on the network, as learned from events.
public struct Asset: Sendable {
    public var mac: MACAddress?
    public var ips: Set<IPAddress> = []
    public var hostnames: [Evidenced] = []
    public var roles: Set<String> = []
    public var protocols: Set<String> = []
    public var identity: [IdentityFieldName: Evidenced] = [:]
    public var firstSeen: Timestamp
    public var lastSeen: Timestamp
    public var peers: Set<IPAddress> = []

    /// Folds another view of the same device (e.g. its IPv6 link-local address) into this one.
    mutating func absorb(_ other: Asset) {
        ips.formUnion(other.ips)
        for h in other.hostnames where !hostnames.contains(h) { hostnames.append(h) }
        roles.formUnion(other.roles)
        protocols.formUnion(other.protocols)
        for (k, v) in other.identity where identity[k] == nil { identity[k] = v }
        if other.firstSeen < firstSeen { firstSeen = other.firstSeen }
        if other.lastSeen > lastSeen { lastSeen = other.lastSeen }
        peers.formUnion(other.peers)
        peers.subtract(ips)
    }

    /// True when both name a value for one identity field and the values differ: two devices.
    func identityConflicts(with other: Asset) -> Bool {
        identity.contains { field, mine in other.identity[field].map { $0.value != mine.value } ?? false }
    }

    public init(firstSeen: Timestamp) {
        self.firstSeen = firstSeen
        self.lastSeen = firstSeen
    }
}

/// The identity fields assets.json carries (mirrors VigilProtocols.IdentityField without the
/// inventory depending on how events are spelled).
public enum IdentityFieldName: String, Sendable, CaseIterable {
    case vendor, product, model, firmware, serial, software, name
}
