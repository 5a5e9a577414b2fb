import VigilHubWire

/// One response the hub was asked to make: requested by a playbook or an analyst, in force once
/// approved, until it expires, is rolled back, or (a restore) is verified.
public struct ResponseAction: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Drop every packet from or to one host.
        case blockHost = "block-host"
        /// Drop every packet between two hosts, both ways.
        case blockPair = "block-pair"
        /// Drop every packet of a host except with the peers it talked to before.
        case quarantine
        /// Drop a host's packets beyond a rate.
        case rateLimit = "rate-limit"
        /// Write a Modbus register's or coil's known good value back, and read it again.
        case restore
    }

    public enum State: String, Sendable, CaseIterable {
        /// Waiting for an admin's approval.
        case pending
        /// Approved: in the ruleset (or, a restore, sent to the enforcers) until it ends.
        case active
        case rejected
        /// Its time ran out without a renewal; the kernel dropped it on its own.
        case expired
        /// Taken out by hand before its time.
        case rolledBack = "rolled-back"
        /// A restore an enforcer wrote and read back equal.
        case done
        /// A restore whose write or read-back failed.
        case failed
    }

    public var id: Int64
    public var kind: Kind
    /// The host blocked, quarantined or limited; for a restore, the Modbus server.
    public var address: String
    /// block-pair: the other host.
    public var peer: String?
    /// quarantine: the peers it may still reach.
    public var allowed: [String]
    /// rate-limit: packets per second.
    public var rate: Int?
    /// restore: what to write where (its `action` is this id).
    public var register: RegisterRestore?
    public var alert: Int64?
    public var playbook: String?
    public var state: State
    public var requestedBy: String
    public var requested: Double
    public var decidedBy: String?
    public var decided: Double?
    /// Seconds it lasts from approval (or from its last renewal).
    public var duration: Double
    public var expires: Double?
    /// The ruleset version that first held it, and when an enforcer reported that version applied.
    public var version: Int64?
    public var applied: Double?
    public var appliedBy: String?
    public var reason: String

    public init(
        id: Int64, kind: Kind, address: String, peer: String?, allowed: [String], rate: Int?, register: RegisterRestore?, alert: Int64?,
        playbook: String?, state: State, requestedBy: String, requested: Double, decidedBy: String?, decided: Double?,
        duration: Double, expires: Double?, version: Int64?, applied: Double?, appliedBy: String?, reason: String
    ) {
        self.id = id
        self.kind = kind
        self.address = address
        self.peer = peer
        self.allowed = allowed
        self.rate = rate
        self.register = register
        self.alert = alert
        self.playbook = playbook
        self.state = state
        self.requestedBy = requestedBy
        self.requested = requested
        self.decidedBy = decidedBy
        self.decided = decided
        self.duration = duration
        self.expires = expires
        self.version = version
        self.applied = applied
        self.appliedBy = appliedBy
        self.reason = reason
    }

    /// The words an audit entry or a page uses for it: "block-host 10.0.0.5".
    public var summary: String {
        switch kind {
        case .blockPair: return "\(kind.rawValue) \(address) \(peer ?? "?")"
        case .rateLimit: return "\(kind.rawValue) \(address) \(rate ?? 0)/s"
        case .restore:
            guard let register else { return "restore \(address)" }
            return "restore \(address) unit \(register.unit) \(register.table.rawValue) \(register.address) = \(register.value)"
        default: return "\(kind.rawValue) \(address)"
        }
    }

    /// Whether it goes into the nftables ruleset (a restore goes to the enforcers apart).
    public var isFirewallRule: Bool { kind != .restore }
}
