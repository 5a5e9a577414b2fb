/// What looking inside a packet found.
public enum Decapsulation {
    /// Not a tunnel Vigil opens (or a UDP datagram on a tunnel's port that is not one).
    case notTunnel
    case inner(EncapsulatedFrame)
    /// A tunnel header that is cut short or not understood: the Zeek weird name to record.
    case malformed(String)
}
