/// An IPv4 or IPv6 network: an address and a prefix length (`10.0.0.0/8`, `fe80::/10`).
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The address with every bit past the prefix cleared.
    public let address: IPAddress
    public let prefixLength: Int

    public init?(_ address: IPAddress, prefixLength: Int) {
        guard prefixLength >= 0, prefixLength <= (address.isV4 ? 32 : 128) else { return nil }
        self.address = Self.masked(address, prefixLength)
        self.prefixLength = prefixLength
    }

    /// `a.b.c.d/n`, `x::y/n`, or an address alone (a network of one).
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddress(parsing: String(parts[0])) else { return nil }
        let bits = address.isV4 ? 32 : 128
        guard parts.count == 2 else {
            self.init(address, prefixLength: bits)
            return
        }
        guard parts[1].utf8.count <= 3, parts[1].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(parts[1]) else {
            return nil
        }
        self.init(address, prefixLength: n)
    }

    public func contains(_ a: IPAddress) -> Bool {
        switch (a, address) {
        case (.v4, .v4), (.v6, .v6): return Self.masked(a, prefixLength) == address
        default: return false
        }
    }

    public var description: String { "\(address)/\(prefixLength)" }

    static func masked(_ a: IPAddress, _ length: Int) -> IPAddress {
        switch a {
        case .v4(let v):
            return .v4(length == 0 ? 0 : v & (UInt32.max << (32 - length)))
        case .v6(let hi, let lo):
            let hiKeep = min(length, 64)
            let loKeep = max(length - 64, 0)
            return .v6(
                hiKeep == 0 ? 0 : hi & (UInt64.max << (64 - hiKeep)),
                loKeep == 0 ? 0 : lo & (UInt64.max << (64 - loKeep)))
        }
    }
}
