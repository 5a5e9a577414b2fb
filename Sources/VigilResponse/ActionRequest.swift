import VigilCore
import VigilHubWire

/// A response asked for, before the hub stores it: checked here, so that every address that
/// reaches a ruleset is one `IPAddress` printed.
public struct ActionRequest: Sendable, Equatable {
    public var kind: ResponseAction.Kind
    public var address: String
    public var peer: String?
    public var allowed: [String] = []
    public var rate: Int?
    public var register: Playbook.RegisterTemplate?
    public var alert: Int64?
    public var playbook: String?
    public var duration: Double = 3600
    public var automatic = false
    public var reason = ""

    public init(kind: ResponseAction.Kind, address: String) {
        self.kind = kind
        self.address = address
    }

    /// The request with its addresses in canonical form, or why it cannot be made.
    public func checked() -> Result<ActionRequest, VigilError> {
        var request = self
        guard let host = IPAddress(parsing: address), !host.isGroup, !host.isUnspecified else {
            return .failure(VigilError(.invalidArgument, "\(address) is not the address of one host"))
        }
        request.address = host.description
        switch kind {
        case .blockPair:
            guard let peer, let other = IPAddress(parsing: peer), !other.isGroup, other.isV4 == host.isV4, other != host else {
                return .failure(VigilError(.invalidArgument, "a block-pair needs a peer: another host of the same IP version"))
            }
            request.peer = other.description
        case .rateLimit:
            guard let rate, (1...1_000_000).contains(rate) else {
                return .failure(VigilError(.invalidArgument, "a rate-limit needs a rate, 1 to 1000000 packets per second"))
            }
        case .restore:
            guard let register else { return .failure(VigilError(.invalidArgument, "a restore names its register")) }
            let largest = register.table == .coil ? 1 : 65535
            guard (1...65535).contains(register.port), (0...255).contains(register.unit), (0...65535).contains(register.address),
                (0...largest).contains(register.value)
            else {
                return .failure(
                    VigilError(.invalidArgument, "a register has a port 1-65535, a unit 0-255, an address 0-65535 and a value 0-\(largest)")
                )
            }
        case .blockHost, .quarantine:
            break
        }
        request.allowed = []
        for peer in allowed {
            guard let other = IPAddress(parsing: peer) else {
                return .failure(VigilError(.invalidArgument, "\(peer) is not an IP address"))
            }
            if other != host { request.allowed.append(other.description) }
        }
        guard (1...(30 * 86_400)).contains(duration) else {
            return .failure(VigilError(.invalidArgument, "an action lasts from 1 second to 30 days"))
        }
        return .success(request)
    }
}
