import VigilCore

/// The flows the latest packets belonged to, found by 5-tuple ahead of the flow table's
/// dictionary.
///
/// Written for the per-packet path: a Swift dictionary lookup hashes the key with SipHash
/// (~200 instructions with the dictionary probe, and a retain and release of the value), and
/// in bench/run.sh's traffic half of all packets missed a cache of only the previous packet's
/// flow, since a city's pollers interleave their exchanges with many devices. This cache is
/// direct-mapped on a cheap multiplicative hash and holds unretained references: the flow
/// table owns every connection, and removes a flow's entry here whenever it removes the flow.
/// A slot holds the latest flow that hashed to it; a collision only sends a packet to the
/// dictionary, so a crafted flood of colliding tuples costs time, never a wrong answer.
final class RecentFlows {
    struct Entry {
        var key: FlowTable.Key
        var connection: Unmanaged<Connection>?
    }

    private let slots: UnsafeMutablePointer<Entry>
    private let mask: Int

    /// `slotCount` must be a power of two.
    init(slotCount: Int) {
        precondition(slotCount > 0 && slotCount & (slotCount - 1) == 0, "slot count must be a power of two")
        mask = slotCount - 1
        slots = .allocate(capacity: slotCount)
        let empty = FlowTable.Key(a: .v4(0), b: .v4(0), aPort: 0, bPort: 0, proto: .other)
        slots.initialize(repeating: Entry(key: empty, connection: nil), count: slotCount)
    }

    deinit { slots.deallocate() }

    /// The connection held for `key`, if its slot holds that key.
    @inline(__always) func find(_ key: FlowTable.Key) -> Unmanaged<Connection>? {
        let entry = slots + slot(key)
        guard let c = entry.pointee.connection, entry.pointee.key == key else { return nil }
        return c
    }

    @inline(__always) func remember(_ key: FlowTable.Key, _ connection: Unmanaged<Connection>) {
        slots[slot(key)] = Entry(key: key, connection: connection)
    }

    /// Drops `key`'s entry: its flow is leaving the table.
    func forget(_ key: FlowTable.Key) {
        let entry = slots + slot(key)
        if entry.pointee.connection != nil && entry.pointee.key == key { entry.pointee.connection = nil }
    }

    func forgetAll() {
        for i in 0...mask { slots[i].connection = nil }
    }

    /// Both addresses, both ports and the protocol mixed by two multiplications.
    @inline(__always) private func slot(_ k: FlowTable.Key) -> Int {
        var h = UInt64(k.aPort) << 24 | UInt64(k.bPort) << 8 | UInt64(k.proto.rawValue)
        h = (h ^ k.a.hashFold) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ k.b.hashFold) &* 0xC2B2_AE3D_27D4_EB4F
        return Int(truncatingIfNeeded: h >> 40) & mask
    }
}
