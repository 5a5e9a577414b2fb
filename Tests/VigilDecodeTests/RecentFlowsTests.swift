import Testing
import VigilCore

@testable import VigilDecode

/// The recent-flows cache answers only for the key its slot holds, and forgets only that key:
/// a wrong answer would hand a packet to another flow, and a stale one to a freed connection.
@Suite struct RecentFlowsTests {
    static func key(_ port: UInt16, host: UInt32 = 0x0A00_0001) -> FlowTable.Key {
        FlowTable.Key(a: .v4(host), b: .v4(0x0A00_0002), aPort: port, bPort: 47808, proto: .udp)
    }

    static func connection(_ port: UInt16) -> Connection {
        Connection(
            uid: {
                var uids = ConnectionUIDGenerator(seed: UInt64(port))
                return uids.nextBits()
            }(), id: ConnectionID(origHost: .v4(1), origPort: port, respHost: .v4(2), respPort: 47808, proto: .udp),
            start: .zero,
            flipped: false, limits: Limits())
    }

    @Test func aSlotAnswersOnlyForItsOwnKey() {
        // One slot: every key collides, so each remember replaces the last.
        let recent = RecentFlows(slotCount: 1)
        let a = Self.connection(1)
        let b = Self.connection(2)
        recent.remember(Self.key(1), .passUnretained(a))
        #expect(recent.find(Self.key(1))?.takeUnretainedValue() === a)
        #expect(recent.find(Self.key(2)) == nil)
        recent.remember(Self.key(2), .passUnretained(b))
        #expect(recent.find(Self.key(1)) == nil)
        #expect(recent.find(Self.key(2))?.takeUnretainedValue() === b)
        // Forgetting a key the slot no longer holds leaves the holder in place.
        recent.forget(Self.key(1))
        #expect(recent.find(Self.key(2))?.takeUnretainedValue() === b)
        recent.forget(Self.key(2))
        #expect(recent.find(Self.key(2)) == nil)
    }

    @Test func keysDifferingInAnyFieldAreDistinct() {
        let recent = RecentFlows(slotCount: 1024)
        let connections = (0..<64).map { Self.connection(UInt16($0)) }
        let keys = (0..<64).map { i in Self.key(UInt16(i % 8), host: 0x0A00_0000 + UInt32(i / 8)) }
        for (k, c) in zip(keys, connections) { recent.remember(k, .passUnretained(c)) }
        for (k, c) in zip(keys, connections) {
            // Either its own connection (its slot kept it) or nothing (a later key took the slot).
            if let found = recent.find(k) { #expect(found.takeUnretainedValue() === c) }
        }
        recent.forgetAll()
        #expect(keys.allSatisfy { recent.find($0) == nil })
        withExtendedLifetime(connections) {}
    }
}
