import VigilCore

/// An ARP packet's sender: the MAC and IPv4 address it claims (RFC 826).
public struct ARPObservation: Sendable, Equatable {
    public var ts: Timestamp
    public var senderMAC: MACAddress
    public var senderIP: IPAddress
    /// 1 request, 2 reply.
    public var operation: UInt16

    public init(ts: Timestamp, senderMAC: MACAddress, senderIP: IPAddress, operation: UInt16) {
        self.ts = ts
        self.senderMAC = senderMAC
        self.senderIP = senderIP
        self.operation = operation
    }
}
