import VigilCore

/// One DHCP exchange (RFC 2131 §3.1): the messages that share a transaction id, across the
/// flows they used (0.0.0.0 to broadcast, then unicast), from the first to the ACK, NAK,
/// RELEASE, DECLINE or INFORM that ends it, or until the input ended.
public struct DHCPExchangeEvent: Sendable {
    /// The first message's time.
    public var ts: Timestamp
    /// The last message's time.
    public var last: Timestamp
    /// Every connection the exchange used.
    public var uids: [String]
    public var clientAddr: IPAddress?
    public var serverAddr: IPAddress?
    public var clientPort: UInt16?
    public var serverPort: UInt16?
    public var mac: MACAddress?
    /// Option 12, option 81, option 15.
    public var hostName: String?
    public var clientFQDN: String?
    public var domain: String?
    /// Option 50, and the address an ACK gave.
    public var requested: IPAddress?
    public var assigned: IPAddress?
    /// Option 51, seconds.
    public var lease: UInt32?
    /// Option 56 from the client and from the server.
    public var clientMessage: String?
    public var serverMessage: String?
    /// The message types in order (`DISCOVER`, `OFFER`, ...; `BOOTP` without option 53).
    public var types: [String]
    /// Option 60.
    public var vendorClass: String?
    /// Option 55: the options the client asked for.
    public var parameters: [UInt8]

    public init(ts: Timestamp) {
        self.ts = ts
        self.last = ts
        uids = []
        types = []
        parameters = []
    }
}
