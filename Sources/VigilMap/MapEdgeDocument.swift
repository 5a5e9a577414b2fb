/// One edge of map.json: a client talking to a server on one port and protocol, with its
/// traffic totals. The hub builds the same from the conn rows it stores.
public struct MapEdgeDocument: Codable, Sendable, Equatable {
    public var client: String
    public var server: String
    public var transport: String
    public var serverPort: Int
    /// Zeek's service name (modbus, dns, …), or "-" when no analyzer recognised the traffic.
    public var `protocol`: String
    public var connections: Int
    public var packets: Int
    public var bytes: Int

    public init(
        client: String, server: String, transport: String, serverPort: Int, protocol: String, connections: Int, packets: Int, bytes: Int
    ) {
        self.client = client
        self.server = server
        self.transport = transport
        self.serverPort = serverPort
        self.protocol = `protocol`
        self.connections = connections
        self.packets = packets
        self.bytes = bytes
    }

    enum CodingKeys: String, CodingKey {
        case client, server, transport, connections, packets, bytes
        case serverPort = "server_port"
        case `protocol` = "protocol"
    }
}

/// map.json as a whole: `{"edges": [...]}`.
public struct MapFileDocument: Decodable, Sendable {
    public var edges: [MapEdgeDocument]
}
