import Foundation

/// One device of assets.json, as the views read it back: the map, the hub's asset pages. A
/// mirror of what `InventoryJSON.assets` writes, so that a sensor's file and the documents the
/// hub stores (the same entries, shipped) are read by one decoder.
public struct AssetDocument: Decodable, Sendable, Equatable {
    public struct Hostname: Decodable, Sendable, Equatable {
        public var name: String
        public var evidence: String
    }

    /// An identity field's value and what it was read from.
    public struct Evidenced: Decodable, Sendable, Equatable {
        public var value: String
        public var evidence: String
    }

    public struct Identity: Decodable, Sendable, Equatable {
        public var vendor: Evidenced?
        public var product: Evidenced?
        public var model: Evidenced?
        public var firmware: Evidenced?
        public var serial: Evidenced?
        public var software: Evidenced?
        public var name: Evidenced?
        public var os: Evidenced?

        /// Each field that is known, by its assets.json name, in the order assets.json lists them.
        public var known: [(field: String, value: Evidenced)] {
            let all: [(String, Evidenced?)] = [
                ("vendor", vendor), ("product", product), ("model", model), ("firmware", firmware), ("serial", serial),
                ("software", software), ("name", name), ("os", os),
            ]
            return all.compactMap { field, value in value.map { (field, $0) } }
        }
    }

    /// The device's kind and Purdue level (0–5), or nil when the evidence does not say.
    public struct DeviceType: Decodable, Sendable, Equatable {
        public var value: String
        public var level: Int?
        public var evidence: String

        public init(value: String, level: Int?, evidence: String) {
            self.value = value
            self.level = level
            self.evidence = evidence
        }
    }

    public struct Vulnerability: Decodable, Sendable, Equatable {
        public var cve: String
        public var advisory: String
        public var confidence: String
        public var kev: Bool
        public var cvssScore: Double?
        public var fixedVersion: String?

        enum CodingKeys: String, CodingKey {
            case cve, advisory, confidence, kev
            case cvssScore = "cvss_score"
            case fixedVersion = "fixed_version"
        }
    }

    /// A value another source gave an identity field, differing from the field's value.
    public struct IdentityConflict: Decodable, Sendable, Equatable {
        public var field: String
        public var value: String
        public var evidence: String
        public var firstSeen: Double?

        enum CodingKeys: String, CodingKey {
            case field, value, evidence
            case firstSeen = "first_seen"
        }
    }

    /// A field's source giving it a new value during the sensor's run.
    public struct IdentityChange: Decodable, Sendable, Equatable {
        public var field: String
        public var old: String
        public var new: String
        public var evidence: String
        public var ts: Double?
    }

    /// assets.json's `key`; documents written before it existed are keyed as the hub keyed them.
    private var storedKey: String?
    public var mac: String?
    public var ouiVendor: String?
    public var ips: [String]
    public var hostnames: [Hostname]
    public var roles: [String]
    public var protocols: [String]
    public var identity: Identity
    public var type: DeviceType?
    public var firstSeen: Double?
    public var lastSeen: Double?
    public var peers: [String]
    /// Present only when the run matched devices against a vulnerability store.
    public var vulnerabilities: [Vulnerability]?
    public var identityConflicts: [IdentityConflict]
    public var identityChanges: [IdentityChange]

    enum CodingKeys: String, CodingKey {
        case storedKey = "key"
        case mac, ips, hostnames, roles, protocols, identity, type, peers, vulnerabilities
        case identityConflicts = "identity_conflicts"
        case identityChanges = "identity_changes"
        case ouiVendor = "oui_vendor"
        case firstSeen = "first_seen"
        case lastSeen = "last_seen"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        storedKey = try c.decodeIfPresent(String.self, forKey: .storedKey)
        mac = try c.decodeIfPresent(String.self, forKey: .mac)
        ouiVendor = try c.decodeIfPresent(String.self, forKey: .ouiVendor)
        ips = try c.decodeIfPresent([String].self, forKey: .ips) ?? []
        hostnames = try c.decodeIfPresent([Hostname].self, forKey: .hostnames) ?? []
        roles = try c.decodeIfPresent([String].self, forKey: .roles) ?? []
        protocols = try c.decodeIfPresent([String].self, forKey: .protocols) ?? []
        identity = try c.decodeIfPresent(Identity.self, forKey: .identity) ?? Identity()
        type = try c.decodeIfPresent(DeviceType.self, forKey: .type)
        firstSeen = try c.decodeIfPresent(Double.self, forKey: .firstSeen)
        lastSeen = try c.decodeIfPresent(Double.self, forKey: .lastSeen)
        peers = try c.decodeIfPresent([String].self, forKey: .peers) ?? []
        vulnerabilities = try c.decodeIfPresent([Vulnerability].self, forKey: .vulnerabilities)
        identityConflicts = try c.decodeIfPresent([IdentityConflict].self, forKey: .identityConflicts) ?? []
        identityChanges = try c.decodeIfPresent([IdentityChange].self, forKey: .identityChanges) ?? []
    }

    /// What names the device (assets.json's `key`): its MAC when no other device shows it,
    /// else its lowest address.
    public var key: String { storedKey ?? mac ?? ips.first ?? "" }

    /// What a person would call the device: its own name, else a host name, else vendor and
    /// model, else its address.
    public var displayName: String {
        if let name = identity.name?.value { return name }
        if let host = hostnames.first?.name { return host }
        let made = [identity.vendor?.value ?? ouiVendor, identity.model?.value ?? identity.product?.value].compactMap { $0 }
        if made.count == 2 { return made.joined(separator: " ") }
        return ips.first ?? mac ?? "?"
    }

    /// The network the device sits on, as a zone: the /24 of its first IPv4 address, else the
    /// /64 of its first IPv6 address, else "-" for a device seen only by its MAC.
    public var zone: String {
        if let v4 = ips.first(where: { !$0.contains(":") }) {
            let parts = v4.split(separator: ".")
            if parts.count == 4 { return parts[0..<3].joined(separator: ".") + ".0/24" }
        }
        if let v6 = ips.first(where: { $0.contains(":") }) { return Self.prefix64(v6) }
        return "-"
    }

    /// The first four groups of an IPv6 address, written out (`fe80::1` → `fe80:0:0:0::/64`).
    static func prefix64(_ address: String) -> String {
        let halves = address.split(separator: "::", maxSplits: 1, omittingEmptySubsequences: false).map {
            $0.split(separator: ":").map(String.init)
        }
        var groups = halves[0]
        if halves.count == 2 {
            let missing = max(0, 8 - halves[0].count - halves[1].count)
            groups += Array(repeating: "0", count: missing) + halves[1]
        }
        while groups.count < 4 { groups.append("0") }
        return groups[0..<4].joined(separator: ":") + "::/64"
    }
}

/// assets.json as a whole: `{"assets": [...]}`.
public struct AssetsFileDocument: Decodable, Sendable {
    public var assets: [AssetDocument]
}
