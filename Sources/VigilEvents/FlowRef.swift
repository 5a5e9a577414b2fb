import VigilCore

/// The connection an event belongs to: its uid (as every log writes it) and its id.
public struct FlowRef: Sendable, Equatable {
    public var uid: String
    public var id: ConnectionID

    public init(uid: String, id: ConnectionID) {
        self.uid = uid
        self.id = id
    }
}
