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

    /// A packet as the pipeline takes it: its flow found, then the packet accounted to it (which
    /// moves the flow's last-packet time).
    static func packet(_ p: DecodedPacket, at ts: Timestamp, _ table: FlowTable, _ expired: inout [Connection]) {
        let (c, isOrig) = table.lookup(p, at: ts, expired: &expired)
        c.record(p, isOrig: isOrig, at: ts)
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

    /// Past a larger limit, a sixteenth of the table goes at once: the flows idle the longest,
    /// in the order they were made; a flow still active stays however old it is.
    @Test func aFullTableEvictsTheLongestIdleSixteenth() {
        var limits = Limits()
        limits.maxFlows = 32
        let table = FlowTable(limits: limits)
        var expired: [Connection] = []
        for i in 0..<32 { Self.packet(Self.udp(UInt16(1000 + i)), at: Timestamp(seconds: Int64(i), nanos: 0), table, &expired) }
        // The first flow speaks again; flows 1001 and 1002 are now the longest idle.
        Self.packet(Self.udp(1000), at: Timestamp(seconds: 40, nanos: 0), table, &expired)
        Self.packet(Self.udp(2000), at: Timestamp(seconds: 41, nanos: 0), table, &expired)
        #expect(table.evictionBatch == 2)
        #expect(expired.map(\.id.origPort) == [1001, 1002])
        #expect(table.count == 31 && table.evicted == 2)
        // The next new flow fits without evicting.
        Self.packet(Self.udp(2001), at: Timestamp(seconds: 42, nanos: 0), table, &expired)
        #expect(table.count == 32 && table.evicted == 2)
    }

    /// A scan past the limit: the table reads every flow's time once per batch of new flows,
    /// not once per new flow (which made a scan of 300,000 addresses take minutes), and keeps
    /// the flow that stays active throughout.
    @Test func aFloodPastTheLimitEvictsInBatches() {
        var limits = Limits()
        limits.maxFlows = 1_000
        let table = FlowTable(limits: limits)
        var expired: [Connection] = []
        let flood = 50_000
        for i in 0..<flood {
            let at = Timestamp(nanoseconds: Int64(i) * 1_000)
            Self.packet(Self.udp(UInt16(1 + i % 60_000), src: 0x0A01_0000 + UInt32(i)), at: at, table, &expired)
            // A session the flood must not push out: it speaks every hundred new flows.
            if i % 100 == 0 { Self.packet(Self.udp(502, 40_000, src: 0x0A00_0007), at: at, table, &expired) }
        }
        #expect(table.count <= 1_000)
        #expect(table.evictionPasses <= flood / table.evictionBatch + 1, "\(table.evictionPasses) passes")
        #expect(table.evicted == expired.count)
        #expect(!expired.contains { $0.id.origHost == .v4(0x0A00_0007) }, "the active session stays")
        // Each batch is handed back in the order its flows were made.
        let starts = expired.map(\.start.nanoseconds)
        #expect(starts == starts.sorted())
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
