import VigilCore

/// Something that happened to a tunnel (Zeek's base/frameworks/tunnels): a row of tunnel.log.
public struct TunnelEvent: Sendable {
    /// Zeek's `Tunnel::Action`.
    public enum Action: Sendable {
        /// The first connection inside a tunnel not already active.
        case discover
        /// The connection carrying the tunnel ended.
        case close
        /// No new connection inside the tunnel for `TunnelTracker.expirationSeconds`.
        case expire

        public var zeekName: LogName {
            switch self {
            case .discover: return "Tunnel::DISCOVER"
            case .close: return "Tunnel::CLOSE"
            case .expire: return "Tunnel::EXPIRE"
            }
        }
    }

    public var ts: Timestamp
    public var tunnel: Tunnel
    public var action: Action

    public init(ts: Timestamp, tunnel: Tunnel, action: Action) {
        self.ts = ts
        self.tunnel = tunnel
        self.action = action
    }
}
