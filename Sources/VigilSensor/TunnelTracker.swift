import VigilCore
import VigilDecode
import VigilEvents

/// Keeps the tunnels a pipeline has seen, as Zeek's tunnels framework
/// (base/frameworks/tunnels/main.zeek) and IP tunnel analyser do, and says when tunnel.log
/// gets a row: DISCOVER when a connection inside a tunnel that is not active starts, CLOSE
/// when the UDP connection carrying a tunnel ends, EXPIRE when no connection inside a tunnel
/// has started for an hour.
final class TunnelTracker {
    /// Zeek's `Tunnel::expiration_interval`.
    static let expirationSeconds: Int64 = 3600
    /// Zeek's `Tunnel::ip_tunnel_timeout`: an IP-in-IP or GRE tunnel idle this long gets a new
    /// uid when it is used again.
    static let ipTunnelTimeoutSeconds: Int64 = 24 * 3600

    private struct Active {
        var tunnel: Tunnel
        /// When a connection inside it last started.
        var lastUsed: Timestamp
        /// Discovery order, so that tunnels expiring together are logged in a fixed order.
        var serial: Int
    }

    /// Active tunnels by the id of what carries them.
    private var active: [ConnectionID: Active] = [:]
    private var serial = 0

    /// IP-in-IP and GRE tunnels by their address pair (smaller address first), with when they
    /// last carried a packet: their uid lasts as long as they do.
    private var ipTunnels: [AddressPair: (tunnel: Tunnel, lastActive: Timestamp)] = [:]
    private let uids: ConnectionUIDGenerator

    private struct AddressPair: Hashable {
        var low: IPAddress
        var high: IPAddress
    }

    init(uids: ConnectionUIDGenerator = ConnectionUIDGenerator()) { self.uids = uids }

    /// The IP tunnel a packet from `src` to `dst` travels in. Its id is the addresses of the
    /// packet that first used it, with ports 0; its uid is made from them and that packet's
    /// time, so it is the same whichever worker sees the tunnel.
    func ipTunnel(from src: IPAddress, to dst: IPAddress, type: TunnelType, at ts: Timestamp) -> Tunnel {
        let key = src < dst ? AddressPair(low: src, high: dst) : AddressPair(low: dst, high: src)
        if var known = ipTunnels[key], ts.nanoseconds - known.lastActive.nanoseconds < Self.ipTunnelTimeoutSeconds * 1_000_000_000 {
            known.lastActive = ts
            ipTunnels[key] = known
            return known.tunnel
        }
        let id = ConnectionID(origHost: src, origPort: 0, respHost: dst, respPort: 0, proto: .other)
        let bits = uids.bits(src, dst, ports: UInt64(type.rawValue) << 56, start: ts)
        let tunnel = Tunnel(uidBits: bits, id: id, type: type)
        ipTunnels[key] = (tunnel, ts)
        return tunnel
    }

    /// A connection started inside `tunnels` (outermost first), or one already open moved to
    /// them: every one of them not active becomes so, with a DISCOVER row.
    func connectionStarted(in tunnels: [Tunnel], at ts: Timestamp, emit: (TunnelEvent) -> Void) {
        for t in tunnels {
            if active[t.id] != nil {
                active[t.id]!.lastUsed = ts
                continue
            }
            serial += 1
            active[t.id] = Active(tunnel: t, lastUsed: ts, serial: serial)
            emit(TunnelEvent(ts: ts, tunnel: t, action: .discover))
        }
    }

    /// The UDP connection `id` ended at `ts`: if it carried an active tunnel, a CLOSE row.
    func carrierEnded(_ id: ConnectionID, at ts: Timestamp, emit: (TunnelEvent) -> Void) {
        guard !active.isEmpty, let a = active.removeValue(forKey: id) else { return }
        emit(TunnelEvent(ts: ts, tunnel: a.tunnel, action: .close))
    }

    /// Tunnels in which no connection has started for `expirationSeconds` by `now` leave with an
    /// EXPIRE row, stamped with the moment they expired: a worker that sees packets only now
    /// and then writes the same rows as one that sees every packet.
    func expire(now: Timestamp, emit: (TunnelEvent) -> Void) {
        guard !active.isEmpty else { return }
        let limit = Self.expirationSeconds * 1_000_000_000
        let due = active.values.filter { now.nanoseconds - $0.lastUsed.nanoseconds >= limit }.sorted { $0.serial < $1.serial }
        for a in due {
            active[a.tunnel.id] = nil
            emit(TunnelEvent(ts: Timestamp(nanoseconds: a.lastUsed.nanoseconds + limit), tunnel: a.tunnel, action: .expire))
        }
    }

}
