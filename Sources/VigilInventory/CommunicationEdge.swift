import VigilCore

/// One edge of the communication map: who talked to whom, over what, how much.
public struct CommunicationEdge: Sendable {
    public struct Key: Hashable, Sendable {
        public var client: IPAddress
        public var server: IPAddress
        public var transport: TransportProtocol
        public var port: UInt16
        public var service: String
    }

    public var key: Key
    public var connections = 0
    public var packets = 0
    public var bytes = 0
    public var firstSeen: Timestamp
    public var lastSeen: Timestamp
}

extension CommunicationEdge {
    /// Counts one more finished connection on this edge.
    mutating func add(packets: Int, bytes: Int, start: Timestamp, last: Timestamp) {
        connections += 1
        self.packets += packets
        self.bytes += bytes
        if start < firstSeen { firstSeen = start }
        if last > lastSeen { lastSeen = last }
    }

    /// Adds another pipeline's count of the same edge.
    mutating func merge(_ other: CommunicationEdge) {
        connections += other.connections
        packets += other.packets
        bytes += other.bytes
        if other.firstSeen < firstSeen { firstSeen = other.firstSeen }
        if other.lastSeen > lastSeen { lastSeen = other.lastSeen }
    }
}
