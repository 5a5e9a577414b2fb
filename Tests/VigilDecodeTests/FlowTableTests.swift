import Testing
import VigilCore

@testable import VigilDecode

@Suite struct FlowTableTests {
    static func udp(_ srcPort: UInt16, _ dstPort: UInt16 = 9999, src: UInt32 = 0x0A00_0001) -> DecodedPacket {
        [UInt8]().withUnsafeBytes { empty in
            DecodedPacket(
                src: .v4(src), dst: .v4(0x0A00_0002), proto: .udp, ipLength: 28, ttl: 64, srcPort: srcPort, dstPort: dstPort, payload: empty
            )
        }
    }

    @Test func flowLimitAtTheLimitKeepsAllAndBeyondEvictsTheOldest() {
        var limits = Limits()
        limits.maxFlows = 3
        let table = FlowTable(limits: limits)
        var expired: [Connection] = []
        for (i, port) in [1000, 1001, 1002].enumerated() {
            _ = table.lookup(Self.udp(UInt16(port)), at: Timestamp(seconds: Int64(i), nanos: 0), expired: &expired)
        }
        #expect(table.count == 3 && expired.isEmpty && table.evicted == 0)
        _ = table.lookup(Self.udp(1003), at: Timestamp(seconds: 3, nanos: 0), expired: &expired)
        #expect(table.count == 3 && table.evicted == 1)
        #expect(expired.map(\.id.origPort) == [1000])  // the least recently active flow goes
    }

    /// The sweep hands back idle flows in the order they were made, whatever the dictionary's
    /// (per-process, seeded) order: conn.log's rows come out the same on every run.
    @Test func sweptFlowsComeOutInTheOrderTheyWereMade() {
        let table = FlowTable()
        var expired: [Connection] = []
        let ports = (0..<200).map { UInt16(20000 + ($0 * 7919) % 200) }
        for (i, port) in ports.enumerated() {
            _ = table.lookup(Self.udp(port), at: Timestamp(nanoseconds: Int64(i) * 1_000_000), expired: &expired)
        }
        #expect(expired.isEmpty && table.count == 200)
        // Past the 60 s UDP timeout and the 10 s sweep interval: every flow is idle.
        _ = table.lookup(Self.udp(9, src: 0x0A00_0009), at: Timestamp(seconds: 100, nanos: 0), expired: &expired)
        #expect(expired.map(\.id.origPort) == ports)
    }

    /// A flood of new flows at the flow limit evicts one flow a packet; the evicted flows must
    /// not pile up in the creation-order list until the next sweep (10 s of capture time).
    @Test func evictedFlowsDoNotPileUpBetweenSweeps() {
        var limits = Limits()
        limits.maxFlows = 10
        let table = FlowTable(limits: limits)
        var expired: [Connection] = []
        for i in 0..<10_000 {
            _ = table.lookup(Self.udp(UInt16(1000 + i % 60_000)), at: Timestamp(nanoseconds: Int64(i)), expired: &expired)
            expired.removeAll()
            #expect(table.orderCount <= 2 * 10 + 65)
        }
        #expect(table.count == 10 && table.evicted == 9_990)
    }

    @Test func replyFromLikelyServerPortIsOrientedToTheClient() {
        let table = FlowTable(likelyServerPorts: [53])
        var expired: [Connection] = []
        // First packet seen is the DNS reply 53 → 40000: Zeek flips it and marks history "^".
        let (c, isOrig) = table.lookup(Self.udp(53, 40000), at: .zero, expired: &expired)
        #expect(c.id.origPort == 40000 && c.id.respPort == 53 && !isOrig)
        #expect(c.historyString == "^")
    }

    @Test func inactivityTimeoutStartsANewConnection() {
        let table = FlowTable()
        var expired: [Connection] = []
        let (a, _) = table.lookup(Self.udp(5000), at: Timestamp(seconds: 0, nanos: 0), expired: &expired)
        let (b, _) = table.lookup(Self.udp(5000), at: Timestamp(seconds: 60, nanos: 0), expired: &expired)
        #expect(a === b)  // exactly the 60 s UDP timeout: still the same flow
        let (c, _) = table.lookup(Self.udp(5000), at: Timestamp(seconds: 121, nanos: 0), expired: &expired)
        #expect(c !== b && expired.contains { $0 === b })
    }

    /// The table remembers the previous packet's flow; a flow the sweep or the flow limit
    /// has removed must not come back through that memory.
    @Test func removedFlowIsNotFoundAgain() {
        var limits = Limits()
        limits.maxFlows = 1
        let table = FlowTable(limits: limits)
        var expired: [Connection] = []
        let (a, _) = table.lookup(Self.udp(7000), at: .zero, expired: &expired)
        _ = table.lookup(Self.udp(7001), at: Timestamp(seconds: 1, nanos: 0), expired: &expired)  // evicts 7000
        let (b, _) = table.lookup(Self.udp(7000), at: Timestamp(seconds: 2, nanos: 0), expired: &expired)
        #expect(b !== a && expired.contains { $0 === a })
        // The sweep (every 10 s of capture time) drops idle flows, including the last one seen.
        let (c, _) = table.lookup(Self.udp(7000), at: Timestamp(seconds: 100, nanos: 0), expired: &expired)
        #expect(c !== b && expired.contains { $0 === b } && table.count == 1)
    }

    @Test func fragmentSetLimitAtAndOverTheLimit() {
        var limits = Limits()
        limits.maxFragmentSets = 2
        let d = IPDefragmenter(limits: limits)
        let data: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
        data.withUnsafeBytes { b in
            for id in 0..<2 {
                guard
                    case .held = d.add(
                        key: FragmentKey(src: .v4(1), dst: .v4(2), id: UInt32(id), proto: 17), offset: 0, more: true, data: b, at: .zero)
                else {
                    Issue.record("set \(id) within the limit was not held")
                    return
                }
            }
            guard
                case .invalid(let name) = d.add(
                    key: FragmentKey(src: .v4(1), dst: .v4(2), id: 9, proto: 17), offset: 0, more: true, data: b, at: .zero)
            else {
                Issue.record("third set should be refused")
                return
            }
            #expect(name == "fragment_sets_limit_reached")
        }
        #expect(d.pending == 2)
    }
}
