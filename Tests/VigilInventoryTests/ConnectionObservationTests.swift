import Testing
import VigilCore

@testable import VigilInventory

/// Finished connections build the assets and the communication map (map.json). Repeats of a
/// kind of connection take `RecentConnections`' short path; it must leave exactly what the
/// full path leaves.
@Suite struct ConnectionObservationTests {
    let master = IPAddress.v4(0x0A00_0001)  // 10.0.0.1
    let outstation = IPAddress.v4(0x0A00_0002)  // 10.0.0.2
    let broadcast = IPAddress.v4(0x0A00_00FF)  // 10.0.0.255
    let masterMAC = MACAddress(raw: 0x0200_0000_0001)

    func t(_ seconds: Int64) -> Timestamp { Timestamp(seconds: seconds, nanos: 0) }

    func observe(
        _ inv: AssetInventory, _ client: IPAddress, _ server: IPAddress, port: UInt16 = 20000, services: [String] = ["dnp3"],
        clientMAC: MACAddress? = nil, start: Int64, last: Int64, packets: Int = 4, answered: Bool = true
    ) {
        inv.observe(
            connection: ConnectionID(origHost: client, origPort: 40000, respHost: server, respPort: port, proto: .tcp),
            services: services, origMAC: clientMAC, respMAC: nil, start: t(start), last: t(last), packets: packets,
            bytes: packets * 100, answered: answered)
    }

    @Test func repeatedConnectionsAddUpOnOneEdge() throws {
        let inv = AssetInventory()
        observe(inv, master, outstation, start: 100, last: 101, packets: 4)
        observe(inv, master, outstation, start: 50, last: 60, packets: 6)
        observe(inv, master, outstation, start: 200, last: 230, packets: 10)
        let edges = inv.communicationEdges
        try #require(edges.count == 1)
        #expect(edges[0].connections == 3)
        #expect(edges[0].packets == 20)
        #expect(edges[0].bytes == 2000)
        #expect(edges[0].firstSeen == t(50))
        #expect(edges[0].lastSeen == t(230))
        let assets = inv.assets
        try #require(assets.count == 2)
        #expect(assets[0].ips == [master] && assets[0].protocols == ["dnp3"] && assets[0].peers == [outstation])
        #expect(assets[0].firstSeen == t(50) && assets[0].lastSeen == t(230))
        #expect(assets[1].ips == [outstation] && assets[1].lastSeen == t(230))
    }

    @Test func aMACSeenOnALaterRepeatIsKept() {
        let inv = AssetInventory()
        observe(inv, master, outstation, start: 1, last: 2)
        observe(inv, master, outstation, clientMAC: masterMAC, start: 3, last: 4)
        #expect(inv.assets.first { $0.ips.contains(master) }?.mac == masterMAC)
    }

    @Test func anUnansweredServerBecomesAnAssetOnceItAnswers() {
        let inv = AssetInventory()
        observe(inv, master, outstation, start: 1, last: 2, answered: false)
        observe(inv, master, outstation, start: 3, last: 4, answered: false)
        #expect(inv.assets.map(\.ips) == [[master]])
        observe(inv, master, outstation, start: 5, last: 6, answered: true)
        #expect(inv.assets.map(\.ips) == [[master], [outstation]])
        #expect(inv.communicationEdges.map(\.connections) == [3])
    }

    /// A random mix of connections, with MACs arriving late, group addresses, unanswered
    /// servers and changing services, through an inventory that remembers (4,096 slots, and 1
    /// slot so that kinds evict each other) and one that does not.
    @Test(arguments: [4096, 1]) func theShortPathLeavesWhatTheFullPathLeaves(slots: Int) {
        let hosts: [IPAddress] = [master, outstation, broadcast, .v4(0x0A00_0003), .v4(0xC0A8_0101), .v6(0xFE80 << 48, 1)]
        let serviceSets: [[String]] = [[], ["dnp3"], ["modbus"], ["http", "tls"]]
        var rng = SplitMix(seed: UInt64(slots))
        let remembering = AssetInventory(recentConnectionSlots: slots)
        let reference = AssetInventory(recentConnectionSlots: 0)
        for i in 0..<3000 {
            let client = hosts[Int(rng.next() % UInt64(hosts.count))]
            let server = hosts[Int(rng.next() % UInt64(hosts.count))]
            let id = ConnectionID(
                origHost: client, origPort: UInt16(rng.next() % 60000), respHost: server, respPort: [502, 20000, 80][Int(rng.next() % 3)],
                proto: rng.next() % 5 == 0 ? .udp : .tcp)
            let services = serviceSets[Int(rng.next() % UInt64(serviceSets.count))]
            // Rare, so that a MAC often first arrives on a repeat.
            let mac: MACAddress? = rng.next() % 40 == 0 ? MACAddress(raw: 0x0200_0000_0000 | rng.next() % 4) : nil
            let start = Int64(rng.next() % 10_000)
            let answered = rng.next() % 4 != 0
            for inv in [remembering, reference] {
                inv.observe(
                    connection: id, services: services, origMAC: mac, respMAC: nil, start: t(start), last: t(start + Int64(i % 9)),
                    packets: i % 13, bytes: i, answered: answered)
            }
            if i % 25 == 0 || i == 2999 {
                let (got, expected) = (describe(remembering), describe(reference))
                guard got != expected else { continue }
                // Only the first line that differs: the whole inventory is hundreds of lines.
                let at = zip(got, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, expected.count)
                Issue.record(
                    "after \(i + 1) connections, line \(at): \(got.dropFirst(at).first ?? "(none)") instead of \(expected.dropFirst(at).first ?? "(none)")"
                )
                return
            }
        }
        #expect(remembering.communicationEdges.count > 10)
    }

    func describe(_ inv: AssetInventory) -> [String] {
        inv.assets.map { a in
            "\(a.ips.sorted()) mac=\(a.mac.map(\.description) ?? "-") protocols=\(a.protocols.sorted()) peers=\(a.peers.sorted()) \(a.firstSeen.nanoseconds)-\(a.lastSeen.nanoseconds)"
        }
            + inv.communicationEdges.map { e in
                "\(e.key.client)>\(e.key.server) \(e.key.transport) \(e.key.port) \(e.key.service) n=\(e.connections) p=\(e.packets) b=\(e.bytes) \(e.firstSeen.nanoseconds)-\(e.lastSeen.nanoseconds)"
            }
    }
}

/// A small deterministic generator, so that a failure can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
