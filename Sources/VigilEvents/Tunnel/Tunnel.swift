import VigilCore

/// One tunnel: the connection that carries it (a UDP connection for VXLAN, GENEVE, Teredo and GTP-U),
/// or for IP-in-IP and GRE the pair of addresses, with ports 0, under a uid of its own; for an
/// HTTP CONNECT tunnel, the client and proxy with the client's port 0 and no uid (Zeek's
/// `EncapsulatingConn`).
public struct Tunnel: Hashable, Sendable {
    /// Nil for HTTP CONNECT tunnels: one stands for every connection a client makes through
    /// the proxy, as in Zeek.
    public var uidBits: ConnectionUIDBits?
    public var id: ConnectionID
    public var type: TunnelType

    public init(uidBits: ConnectionUIDBits?, id: ConnectionID, type: TunnelType) {
        self.uidBits = uidBits
        self.id = id
        self.type = type
    }
}
