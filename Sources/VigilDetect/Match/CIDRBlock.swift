import VigilCore

/// An IPv4 or IPv6 network (`10.0.0.0/8`, `fe80::/10`), for the `cidr` modifier: a field's
/// text matches when it is an address inside it.
public struct CIDRBlock: Sendable, Equatable {
    let network: IPNetwork

    public init?(_ text: String) {
        guard let network = IPNetwork(parsing: text) else { return nil }
        self.network = network
    }

    public func contains(_ text: String) -> Bool {
        guard let address = IPAddress(parsing: text) else { return false }
        return network.contains(address)
    }
}
