import VigilHubWire
import VigilResponse

/// A response action as the API shows it (docs/HUB.md, "Response").
struct ActionJSON: Encodable {
    var id: Int64
    var kind: String
    var address: String
    var peer: String?
    var allowed: [String]
    var rate: Int?
    var register: RegisterRestore?
    var alert: Int64?
    var playbook: String?
    var state: String
    var requestedBy: String
    var requested: Double
    var decidedBy: String?
    var decided: Double?
    var duration: Double
    var expires: Double?
    var version: Int64?
    var applied: Double?
    var appliedBy: String?
    var reason: String

    init(_ action: ResponseAction) {
        id = action.id
        kind = action.kind.rawValue
        address = action.address
        peer = action.peer
        allowed = action.allowed
        rate = action.rate
        register = action.register
        alert = action.alert
        playbook = action.playbook
        state = action.state.rawValue
        requestedBy = action.requestedBy
        requested = action.requested
        decidedBy = action.decidedBy
        decided = action.decided
        duration = action.duration
        expires = action.expires
        version = action.version
        applied = action.applied
        appliedBy = action.appliedBy
        reason = action.reason
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, address, peer, allowed, rate, register, alert, playbook, state, requested, decided, duration, expires, version,
            applied
        case reason
        case requestedBy = "requested_by"
        case decidedBy = "decided_by"
        case appliedBy = "applied_by"
    }
}

/// What `POST /api/v1/actions` takes.
struct ActionRequestBody: Decodable {
    var kind: String
    var address: String
    var peer: String?
    var allowed: [String]?
    var rate: Int?
    var register: RegisterBody?
    var alert: Int64?
    var duration: Double?
    var reason: String?

    struct RegisterBody: Decodable {
        var port: Int?
        var unit: Int
        var table: String
        var address: Int
        var value: Int
    }
}
