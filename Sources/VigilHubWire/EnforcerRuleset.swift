/// The hub's answer to a poll: the whole nftables script for the `inet vigil` table, made from
/// every response action in force, and the Modbus restores waiting for this enforcer.
public struct EnforcerRuleset: Codable, Sendable, Equatable {
    /// Grows by one with every change to the actions in force; the enforcer reports it back.
    public var version: Int64
    /// An `nft -f` script that replaces the table in one transaction (see `NftRuleset`).
    public var ruleset: String
    /// The action ids the ruleset holds, for the report.
    public var actions: [Int64]
    public var restores: [RegisterRestore]

    public init(version: Int64, ruleset: String, actions: [Int64], restores: [RegisterRestore]) {
        self.version = version
        self.ruleset = ruleset
        self.actions = actions
        self.restores = restores
    }
}

/// Write a known good value back into a Modbus holding register or coil, then read it again.
public struct RegisterRestore: Codable, Sendable, Equatable {
    public enum Table: String, Codable, Sendable {
        case holdingRegister = "holding_register"
        case coil
    }

    public var action: Int64
    /// The Modbus/TCP server: address and port.
    public var server: String
    public var port: Int
    public var unit: Int
    public var table: Table
    public var address: Int
    public var value: Int

    public init(action: Int64, server: String, port: Int = 502, unit: Int, table: Table, address: Int, value: Int) {
        self.action = action
        self.server = server
        self.port = port
        self.unit = unit
        self.table = table
        self.address = address
        self.value = value
    }
}
