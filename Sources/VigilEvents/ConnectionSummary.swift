import VigilCore

/// A connection that ended, with everything conn.log says of it (Zeek's
/// base/protocols/conn/main.zeek): who, over what, how much, in what state. The inventory and
/// the map read it too.
public struct ConnectionSummary: Sendable {
    /// One side of the connection.
    public struct Endpoint: Sendable {
        public var packets: Int
        /// IP bytes (headers included).
        public var ipBytes: Int
        /// Zeek's orig_bytes/resp_bytes: for TCP the span of sequence numbers sent, for UDP
        /// and ICMP the payload bytes.
        public var bytes: Int
        public var mac: MACAddress?

        public init(packets: Int, ipBytes: Int, bytes: Int, mac: MACAddress?) {
            self.packets = packets
            self.ipBytes = ipBytes
            self.bytes = bytes
            self.mac = mac
        }
    }

    /// The uid's bits: most connections of a scan never need the text (`uid`).
    public var uidBits: ConnectionUIDBits
    public var id: ConnectionID
    public var uid: String { uidBits.text }
    /// The analyzers that recognised it (conn.log's `service`), first one first.
    public var services: [String]
    public var start: Timestamp
    public var last: Timestamp
    public var orig: Endpoint
    public var resp: Endpoint
    /// Zeek's conn_state (`SF`, `S0`, `REJ`, …).
    public var state: LogName
    /// Zeek's history letters: upper case for the originator.
    public var history: ConnectionHistory
    /// Stream bytes never seen, both directions (content gaps).
    public var missedBytes: Int
    /// The uids of the tunnels the connection's packets came through, the innermost tunnel of
    /// each packet, in the order first seen (conn.log's `tunnel_parents`); empty for traffic
    /// that was not tunnelled.
    public var tunnelParents: [ConnectionUIDBits]

    public var origMAC: MACAddress? { orig.mac }
    public var respMAC: MACAddress? { resp.mac }
    /// Both directions.
    public var packets: Int { orig.packets + resp.packets }
    /// IP bytes, both directions.
    public var bytes: Int { orig.ipBytes + resp.ipBytes }
    /// Whether the responder sent anything.
    public var answered: Bool { resp.packets > 0 }

    public init(
        uidBits: ConnectionUIDBits, id: ConnectionID, services: [String], start: Timestamp, last: Timestamp, orig: Endpoint,
        resp: Endpoint, state: LogName, history: ConnectionHistory, missedBytes: Int, tunnelParents: [ConnectionUIDBits] = []
    ) {
        self.uidBits = uidBits
        self.id = id
        self.services = services
        self.start = start
        self.last = last
        self.orig = orig
        self.resp = resp
        self.state = state
        self.history = history
        self.missedBytes = missedBytes
        self.tunnelParents = tunnelParents
    }
}
