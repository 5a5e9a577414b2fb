import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// DHCP starvation floods against the exchange table: bounded lists per exchange, and the
/// oldest exchanges logged early, a batch at a time, once the table is full.
@Suite struct DHCPFloodTests {
    /// A DISCOVER (RFC 2131 §2: BOOTREQUEST, option 53 = 1) with transaction id `xid` from a
    /// client hardware address ending in `n`.
    static func discover(xid: UInt32, n: UInt16) -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 236)
        b[0] = 1
        b[1] = 1
        b[2] = 6
        withUnsafeBytes(of: xid.bigEndian) { b.replaceSubrange(4..<8, with: $0) }
        b.replaceSubrange(28..<34, with: [0x02, 0, 0, 0, UInt8(n >> 8), UInt8(n & 0xFF)])
        return b + [0x63, 0x82, 0x53, 0x63, 53, 1, 1, 0xFF]
    }

    static func deliver(_ bytes: [UInt8], port: UInt16, at seconds: Int64, into shared: SharedProtocolState, _ sink: CollectingSink) {
        let id = ConnectionID(origHost: .v4(0), origPort: port, respHost: .v4(0xFFFF_FFFF), respPort: 67, proto: .udp)
        let context = FlowContext(
            uid: "C\(port)", id: id, ts: Timestamp(seconds: seconds, nanos: 0), sink: sink, limits: .default, shared: shared)
        bytes.withUnsafeBytes { DHCPAnalyzer().deliver($0, isOrig: true, context: context) }
    }

    static func exchanges(_ sink: CollectingSink) -> [DHCPExchangeEvent] {
        sink.events.compactMap {
            if case .dhcp(let e) = $0 { return e }
            return nil
        }
    }

    @Test func oneTransactionIdRepeatedFromManyPortsKeepsBoundedLists() {
        let shared = SharedProtocolState()
        let sink = CollectingSink()
        for i in 0..<5_000 { Self.deliver(Self.discover(xid: 0x1234, n: 1), port: UInt16(10_000 + i), at: Int64(i), into: shared, sink) }
        shared.dhcp.flushAll(sink: sink)
        let rows = Self.exchanges(sink)
        #expect(rows.count == 1)
        #expect(rows.first?.uids.count == DHCPTransactions.maxListed)
        #expect(rows.first?.uids.first == "C10000")
        #expect(rows.first?.types.count == DHCPTransactions.maxListed)
    }

    @Test func aFullTableLogsItsOldestExchangesABatchAtATime() {
        let shared = SharedProtocolState()
        let sink = CollectingSink()
        for i in 0..<DHCPTransactions.maxOpen {
            Self.deliver(Self.discover(xid: UInt32(i), n: 1), port: 68, at: Int64(i), into: shared, sink)
        }
        #expect(Self.exchanges(sink).isEmpty)
        Self.deliver(Self.discover(xid: 0xFFFF_0000, n: 2), port: 68, at: 1_000_000, into: shared, sink)
        let early = Self.exchanges(sink)
        #expect(early.count == DHCPTransactions.evictionBatch)
        #expect(early.map(\.ts.seconds) == (0..<DHCPTransactions.evictionBatch).map { Double($0) }, "the oldest, oldest first")
        shared.dhcp.flushAll(sink: sink)
        #expect(Self.exchanges(sink).count == DHCPTransactions.maxOpen + 1, "every exchange is logged once")
    }
}
