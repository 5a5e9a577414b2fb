import VigilCore

/// Where the inventory put the last finished connections of each kind (client, server,
/// transport, server port, services): the assets of both ends and the edge between them.
///
/// A city's control network repeats the same exchanges all day (a master polling its
/// outstations, a controller reading its devices), so nearly every finished connection has the
/// same ends and services as one before it. For those, the sets it would add to are already
/// complete and only times and counters change. Finding the assets and edge again through
/// their dictionaries hashed two addresses, the service names and the edge key on every
/// connection (~2,600 instructions, a sixth of a connection's cost in bench/run.sh).
///
/// Direct-mapped: a slot holds the latest kind that hashed to it. A collision only sends a
/// connection down the full path, so a crafted flood of colliding flows costs time, never a
/// wrong count.
struct RecentConnections {
    struct Entry {
        var client: IPAddress
        var server: IPAddress
        var transport: TransportProtocol
        var port: UInt16
        var services: [String]
        var answered: Bool
        /// Indices into the inventory's asset and edge lists; -1 where no asset is kept (a
        /// group or unspecified address, or the responder of an unanswered connection).
        var clientAsset: Int
        var serverAsset: Int
        var edge: Int
    }

    private var slots: [Entry?]
    private let mask: Int

    /// `slotCount` is a power of two, or 0 to remember nothing (the tests' reference).
    init(slotCount: Int) {
        precondition(slotCount >= 0 && slotCount & (slotCount &- 1) == 0, "slot count must be 0 or a power of two")
        slots = Array(repeating: nil, count: slotCount)
        mask = slotCount &- 1
    }

    /// The entry for this kind of connection, if it is the one its slot holds.
    func find(_ id: ConnectionID, services: [String], answered: Bool) -> Entry? {
        guard !slots.isEmpty, let e = slots[slot(id.origHost, id.respHost, id.proto, id.respPort)], e.port == id.respPort,
            e.transport == id.proto, e.answered == answered,
            e.client == id.origHost, e.server == id.respHost, e.services == services
        else { return nil }
        return e
    }

    mutating func remember(_ e: Entry) {
        guard !slots.isEmpty else { return }
        slots[slot(e.client, e.server, e.transport, e.port)] = e
    }

    /// The slot of a kind: its ends, transport and server port mixed by two multiplications
    /// (the services and answered flag are compared, not hashed).
    private func slot(_ client: IPAddress, _ server: IPAddress, _ transport: TransportProtocol, _ port: UInt16) -> Int {
        var h = UInt64(port) << 8 | UInt64(transport.rawValue)
        h = (h ^ client.hashFold) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ server.hashFold) &* 0xC2B2_AE3D_27D4_EB4F
        return Int(truncatingIfNeeded: h >> 32) & mask
    }
}
