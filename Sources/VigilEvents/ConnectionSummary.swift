import VigilCore

/// A connection that ended, as the inventory and the map need it: who, over what, how much.
/// conn.log's row is written from the same connection.
public struct ConnectionSummary: Sendable {
    /// The uid's bits: most connections of a scan never need the text (`uid`).
    public var uidBits: ConnectionUIDBits
    public var id: ConnectionID
    public var uid: String { uidBits.text }
    /// The analyzers that recognised it (conn.log's `service`), first one first.
    public var services: [String]
    public var origMAC: MACAddress?
    public var respMAC: MACAddress?
    public var start: Timestamp
    public var last: Timestamp
    /// Both directions.
    public var packets: Int
    /// IP bytes, both directions.
    public var bytes: Int
    /// Whether the responder sent anything.
    public var answered: Bool

    public init(
        uidBits: ConnectionUIDBits, id: ConnectionID, services: [String], origMAC: MACAddress?, respMAC: MACAddress?, start: Timestamp,
        last: Timestamp,
        packets: Int, bytes: Int, answered: Bool
    ) {
        self.uidBits = uidBits
        self.id = id
        self.services = services
        self.origMAC = origMAC
        self.respMAC = respMAC
        self.start = start
        self.last = last
        self.packets = packets
        self.bytes = bytes
        self.answered = answered
    }
}
