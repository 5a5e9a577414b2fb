import VigilCore
import VigilHubWire

/// One rule of response, read from a YAML file an admin keeps in the hub's `playbooks/` folder
/// (docs/HUB.md, "Response"): which alerts it answers, what it does, for how long, and whether
/// it acts at once or waits for an admin's approval.
public struct Playbook: Sendable, Equatable {
    public enum Target: String, Sendable {
        case source, destination
    }

    public enum Approval: String, Sendable {
        /// The request waits on the dashboard (or the API) for an admin.
        case required
        /// In force as soon as the alert arrives.
        case automatic
    }

    public var name: String
    public var file: String
    /// Rule ids the alert must have (a trailing `*` matches any rest); empty: any rule.
    public var rules: [String] = []
    /// Levels the alert must have; empty: any level.
    public var levels: [String] = []
    /// Addresses the alert's source (or destination) must be; empty: any.
    public var sources: [String] = []
    public var destinations: [String] = []
    public var action: ResponseAction.Kind
    /// Which end of the alert the action is about (block-pair takes both).
    public var target: Target = .source
    public var approval: Approval = .required
    /// Seconds an action lasts once in force, unless renewed.
    public var duration: Double = 3600
    /// rate-limit: packets per second.
    public var rate: Int?
    /// restore: where, and the value the process needs there. The server is the alert's target.
    public var register: RegisterTemplate?

    public struct RegisterTemplate: Sendable, Equatable {
        public var port = 502
        public var unit: Int
        public var table: RegisterRestore.Table
        public var address: Int
        public var value: Int

        public init(port: Int = 502, unit: Int, table: RegisterRestore.Table, address: Int, value: Int) {
            self.port = port
            self.unit = unit
            self.table = table
            self.address = address
            self.value = value
        }
    }

    /// Whether this playbook answers an alert.
    public func matches(rule: String, level: String, source: String?, destination: String?) -> Bool {
        (rules.isEmpty || rules.contains { Self.glob($0, rule) })
            && (levels.isEmpty || levels.contains(level))
            && (sources.isEmpty || source.map(Self.canonical).map { sources.contains($0) } == true)
            && (destinations.isEmpty || destination.map(Self.canonical).map { destinations.contains($0) } == true)
    }

    static func glob(_ pattern: String, _ text: String) -> Bool {
        pattern.hasSuffix("*") ? text.hasPrefix(pattern.dropLast()) : pattern == text
    }

    /// An address as `IPAddress` prints it, so `10.0.0.01`-style spellings compare equal; text
    /// that is no address stays as it is (and matches nothing a sensor sends).
    static func canonical(_ text: String) -> String { IPAddress(parsing: text)?.description ?? text }
}
