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

    public init(firstSeen: Timestamp) {
        self.firstSeen = firstSeen
        self.lastSeen = firstSeen
    }
}

/// The identity fields assets.json carries (mirrors VigilProtocols.IdentityField without the
/// inventory depending on how events are spelled).
public enum IdentityFieldName: String, Sendable, CaseIterable {
    case vendor, product, model, firmware, serial
}
