/// What normal looks like, learned from logs: who talks to whom on which port, which
/// functions each pair uses, and who each device says it is. Readable JSON an engineer can
/// edit (docs/DETECTION.md, "Baselines").
public struct Baseline: Codable, Sendable, Equatable {
    public var version = 1
    /// The log folders it was learned from, and the time the rows cover.
    public var learnedFrom: [String] = []
    public var firstSeen: Double?
    public var lastSeen: Double?
    /// By address.
    public var assets: [String: BaselineAsset] = [:]
    public var pairs: [BaselinePair] = []
    /// The values each server's polled points were read with, by server and point. Absent
    /// from baselines learned before they were.
    public var points: [BaselinePoint]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case version
        case learnedFrom = "learned_from"
        case firstSeen = "first_seen"
        case lastSeen = "last_seen"
        case assets, pairs, points
    }

    func pair(_ key: BaselinePair.Key) -> BaselinePair? { pairs.first { $0.key == key } }
}

/// A device's identity as learned: what an identity change is measured against.
public struct BaselineAsset: Codable, Sendable, Equatable {
    public var mac: String?
    public var vendor: String?
    public var model: String?
    public var firmware: String?
    public var serial: String?

    public init(mac: String? = nil, vendor: String? = nil, model: String? = nil, firmware: String? = nil, serial: String? = nil) {
        self.mac = mac
        self.vendor = vendor
        self.model = model
        self.firmware = firmware
        self.serial = serial
    }

    /// The identity fields, by name, for comparing one learned asset with one seen now.
    var fields: [(String, String?)] { [("vendor", vendor), ("model", model), ("firmware", firmware), ("serial", serial)] }
}

/// A client, a server and its port (the transport and services seen on it), and the functions
/// the client used there, by log (`modbus`: `READ_HOLDING_REGISTERS`…). The OT logs name no
/// transport, so a pair is keyed by addresses and port.
public struct BaselinePair: Codable, Sendable, Equatable {
    public var client: String
    public var server: String
    public var port: Int
    public var protos: [String] = []
    public var services: [String] = []
    public var functions: [String: [String]] = [:]
    /// Where the client wrote, by table (`WriteRange`: Modbus `holding_registers` and `coils`,
    /// DNP3 `control_relay_output_block`, BACnet `analog-output/present-value`): the first and
    /// last address, point index or instance. Absent from baselines learned before it was.
    public var writes: [String: [Int]]?
    /// How often the client asked for each function it polls, by log: the mean seconds
    /// between requests (`PollCount`), for functions asked for at least `PollCount.minimum`
    /// times. Absent from baselines learned before they were.
    public var periods: [String: [String: Double]]?

    struct Key: Hashable {
        let client: String
        let server: String
        let port: Int
    }

    var key: Key { Key(client: client, server: server, port: port) }
}
