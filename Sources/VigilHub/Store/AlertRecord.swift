/// An alert in the hub's triage queue: a notice row some sensor sent, and what analysts did
/// with it.
public struct AlertRecord: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable, CaseIterable {
        case open, acknowledged, closed
    }

    /// The notice's event id.
    public var id: Int64
    public var sensor: String
    public var ts: Double?
    public var rule: String
    public var level: String
    public var message: String
    public var source: String?
    public var destination: String?
    public var state: State
    public var assignee: String?
    public var updated: Double?
    public var updatedBy: String?
    /// The notice row (JSON text: the sensor's fields and values, as it sent them).
    public var row: String

    enum CodingKeys: String, CodingKey {
        case id, sensor, ts, rule, level, message, source, destination, state, assignee, updated, row
        case updatedBy = "updated_by"
    }
}

/// A comment an analyst left on an alert.
public struct AlertComment: Codable, Sendable, Equatable {
    public var time: Double
    public var author: String
    public var text: String
}

/// Which alerts a list holds; nil fields do not filter.
public struct AlertFilter: Sendable {
    public var states: [AlertRecord.State] = []
    public var levels: [String] = []
    public var rule: String?
    public var sensor: String?
    /// An address that is the alert's source or destination.
    public var address: String?

    public init() {}
}

/// What an analyst changes on an alert.
public struct AlertChange: Codable, Sendable {
    public var state: AlertRecord.State?
    /// A user's name; an empty string unassigns.
    public var assignee: String?
    public var comment: String?

    public init(state: AlertRecord.State? = nil, assignee: String? = nil, comment: String? = nil) {
        self.state = state
        self.assignee = assignee
        self.comment = comment
    }
}
