/// The link-layer header types Vigil decodes, with their LINKTYPE_ numbers from the
/// tcpdump.org registry (https://www.tcpdump.org/linktypes.html).
public enum LinkType: UInt32, Sendable {
    case null = 0  // BSD loopback: 4-byte address family in host byte order
    case ethernet = 1
    case raw = 101  // raw IPv4 or IPv6, version from the first nibble
    case loop = 108  // OpenBSD loopback: 4-byte address family in network byte order
    case linuxSLL = 113  // Linux cooked capture v1
    case ipv4 = 228
    case ipv6 = 229
    case linuxSLL2 = 276  // Linux cooked capture v2

    /// Maps legacy DLT values that some writers put in place of LINKTYPE values.
    public init?(wire: UInt32) {
        switch wire {
        case 12, 14: self = .raw  // DLT_RAW on some BSDs / OpenBSD
        default: self.init(rawValue: wire)
        }
    }
}
