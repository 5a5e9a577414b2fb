/// The networks a site calls its own: conn.log's local_orig and local_resp say whether each end
/// of a connection is in one (Zeek's Site::local_nets). As in Zeek 7 (base/utils/site.zeek,
/// `Site::private_address_space_is_local`), private and special-purpose address space counts as
/// local unless the operator says otherwise, and the networks given are added to it.
public struct LocalNetworks: Sendable, Equatable {
    public private(set) var networks: [IPNetwork]

    public init(_ networks: [IPNetwork]) { self.networks = networks }

    /// Zeek 7's default: the private address space, nothing else.
    public static let zeekDefault = LocalNetworks(privateAddressSpace)

    /// Networks given on the command line (`10.20.0.0/16,192.0.2.7`), added to the private
    /// address space unless `privateIsLocal` is false. An entry that is not a network is named
    /// in the error.
    public static func parse(_ text: String, privateIsLocal: Bool = true) throws -> LocalNetworks {
        var networks = privateIsLocal ? privateAddressSpace : []
        for entry in text.split(separator: ",").map({ String($0.filter { $0 != " " }) }) where !entry.isEmpty {
            guard let n = IPNetwork(parsing: entry) else {
                throw VigilError(.invalidArgument, "local network '\(entry)' is not an address or address/prefix (e.g. 10.20.0.0/16)")
            }
            networks.append(n)
        }
        return LocalNetworks(networks)
    }

    public func contains(_ a: IPAddress) -> Bool { networks.contains { $0.contains(a) } }

    /// IANA's special-purpose IPv4 and IPv6 registries as Zeek 7 lists them
    /// (Site::private_address_space): private use (RFC 1918), shared (RFC 6598), loopback, link
    /// local, documentation and benchmarking ranges, reserved space, broadcast, unique local,
    /// and the 6to4 forms of the IPv4 ones.
    public static let privateAddressSpace: [IPNetwork] = [
        "0.0.0.0/8", "2002::/24", "10.0.0.0/8", "2002:a00::/24", "100.64.0.0/10", "2002:6440::/26", "127.0.0.0/8",
        "2002:7f00::/24", "169.254.0.0/16", "2002:a9fe::/32", "172.16.0.0/12", "2002:ac10::/28", "192.0.0.0/24",
        "2002:c000::/40", "192.0.2.0/24", "2002:c000:200::/40", "192.168.0.0/16", "2002:c0a8::/32", "198.18.0.0/15",
        "2002:c612::/31", "198.51.100.0/24", "2002:c633:6400::/40", "203.0.113.0/24", "2002:cb00:7100::/40", "240.0.0.0/4",
        "2002:f000::/20", "255.255.255.255/32", "2002:ffff:ffff::/48", "::/128", "::1/128", "64:ff9b:1::/48", "100::/64",
        "2001::/23", "2001:2::/48", "2001:db8::/32", "fc00::/7", "fe80::/10",
    ].map { IPNetwork(parsing: $0)! }
}
