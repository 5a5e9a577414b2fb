import Foundation
import Testing
import VigilCore
import VigilLogs

@testable import VigilSensor

/// Tunnels against tshark's dissection of samples/tunnels.pcap (scripts/make-tunnel-sample.sh:
/// a real Linux VXLAN tunnel, and its inner frames carried again in GRE, GRE with Ethernet,
/// ERSPAN II and III, GENEVE, IPv4 and IPv6 in IPv4, Teredo, VXLAN in GRE and VXLAN in GRE in
/// IPv4): which tunnels tunnel.log discovers, which packets each inner connection holds, and
/// what happens past the depth limit.
@Suite struct TunnelAgreementTests {
    static let sample = Corpus.packageRoot.appendingPathComponent("samples/tunnels.pcap").path

    /// One frame as tshark reads it: its tunnels, outermost first (type and the carrying
    /// header's address pair), and a key for each TCP, UDP or ICMP packet inside one or two of
    /// them (the innermost tunnel's addresses, the packet's addresses, transport and ports).
    struct PeerFrame {
        var tunnels: [(type: String, pair: Set<String>)] = []
        var keys: [String] = []
    }

    static func pair(_ a: String, _ b: String) -> Set<String> { [a, b] }

    /// tshark's frames, from `frame.protocols` walked in order: a tunnel at gre, vxlan,
    /// geneve, teredo, or an IP header right after another, taking the addresses of the IPv4
    /// header it follows (every carrier in the sample is IPv4); a packet at each IP header,
    /// whose transport is the protocol that follows it.
    static func peerFrames() throws -> [PeerFrame] {
        let data = try Corpus.tshark([
            "-n", "-r", sample, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|", "-e", "frame.protocols", "-e", "ip.src",
            "-e", "ip.dst", "-e", "ipv6.src", "-e", "ipv6.dst", "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "udp.srcport", "-e",
            "udp.dstport",
        ])
        var frames: [PeerFrame] = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.split(separator: "|").map(String.init) }
            let protocols = f[0].first?.split(separator: ":").map(String.init) ?? []
            var frame = PeerFrame()
            var seen = ["ip": 0, "ipv6": 0, "tcp": 0, "udp": 0]
            var previous = ""
            // The packet whose transport comes next: its addresses and depth.
            var open: (src: String, dst: String, depth: Int)?
            for token in protocols {
                let carrier = seen["ip"]! > 0 ? pair(f[1][seen["ip"]! - 1], f[2][seen["ip"]! - 1]) : []
                switch token {
                case "gre": frame.tunnels.append(("Tunnel::GRE", carrier))
                case "vxlan": frame.tunnels.append(("Tunnel::VXLAN", carrier))
                case "geneve": frame.tunnels.append(("Tunnel::GENEVE", carrier))
                case "teredo": frame.tunnels.append(("Tunnel::TEREDO", carrier))
                case "gtp": frame.tunnels.append(("Tunnel::GTPv1", carrier))
                case "ip" where previous == "ip", "ipv6" where previous == "ip": frame.tunnels.append(("Tunnel::IP", carrier))
                default: break
                }
                if let packet = open, ["tcp", "udp", "icmp", "icmpv6"].contains(token) {
                    var ends = [packet.src, packet.dst]
                    if token == "tcp" || token == "udp" {
                        let i = seen[token]!
                        ends = [packet.src + " " + f[token == "tcp" ? 5 : 7][i], packet.dst + " " + f[token == "tcp" ? 6 : 8][i]]
                    }
                    if (1...2).contains(packet.depth) {
                        let tunnel = frame.tunnels[packet.depth - 1].pair.sorted().joined(separator: " ")
                        frame.keys.append("\(tunnel) | \(token == "icmpv6" ? "icmp" : token) \(ends.sorted().joined(separator: " "))")
                    }
                }
                if ["tcp", "udp", "icmp", "icmpv6", "gre", "ip", "ipv6"].contains(token) { open = nil }
                if token == "ip" || token == "ipv6" {
                    let i = seen[token]!
                    let (src, dst) = token == "ip" ? (f[1][i], f[2][i]) : (f[3][i], f[4][i])
                    open = (src, dst, frame.tunnels.count)
                }
                if seen[token] != nil { seen[token]! += 1 }
                previous = token
            }
            frames.append(frame)
        }
        return frames
    }

    static func text(_ r: LogRecord, _ f: String) -> String { EventSubscriberTests.text(r, f) }

    @Test func tunnelsAndTheirConnectionsAgreeWithTshark() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        let (sink, pipeline) = TsharkAgreementTests.analyze(Self.sample)
        let peer = try Self.peerFrames()
        let tunnelRows = sink.rows("tunnel")
        let discovered = tunnelRows.filter { Self.text($0, "action") == "Tunnel::DISCOVER" }

        // Every kind of tunnel in the sample, each discovered where tshark sees it: every
        // tunnel up to two deep of a frame with an IP packet inside.
        var expected = Set<String>()
        for frame in peer where !frame.keys.isEmpty {
            for t in frame.tunnels.prefix(2) { expected.insert("\(t.type) \(t.pair.sorted().joined(separator: " "))") }
        }
        let found = Set(
            discovered.map {
                "\(Self.text($0, "tunnel_type")) \([Self.text($0, "id.orig_h"), Self.text($0, "id.resp_h")].sorted().joined(separator: " "))"
            }
        )
        #expect(found == expected)
        #expect(Set(discovered.map { Self.text($0, "tunnel_type") }).count == 6)
        print("== tunnels: \(found.count) tunnels discovered, as tshark sees them ==")

        // Packets of each inner connection, summed by the innermost tunnel's addresses and the
        // inner addresses, transport and ports, equal tshark's count of such packets one or
        // two tunnels deep.
        var peerPackets: [String: Int] = [:]
        for key in peer.flatMap(\.keys) { peerPackets[key, default: 0] += 1 }
        var tunnelAddresses: [String: String] = [:]
        for row in tunnelRows {
            tunnelAddresses[Self.text(row, "uid")] = [Self.text(row, "id.orig_h"), Self.text(row, "id.resp_h")].sorted().joined(
                separator: " ")
        }
        var ourPackets: [String: Int] = [:]
        let inner = sink.rows("conn").filter { Self.text($0, "tunnel_parents") != "-" }
        for row in inner {
            let parent = String(Self.text(row, "tunnel_parents").split(separator: ",")[0])
            let carrier = try #require(tunnelAddresses[parent], "tunnel_parents names a tunnel tunnel.log has: \(parent)")
            let proto = Self.text(row, "proto")
            let withPorts = proto == "tcp" || proto == "udp"
            let ends = [
                Self.text(row, "id.orig_h") + (withPorts ? " " + Self.text(row, "id.orig_p") : ""),
                Self.text(row, "id.resp_h") + (withPorts ? " " + Self.text(row, "id.resp_p") : ""),
            ].sorted()
            let packets = Int(Self.text(row, "orig_pkts"))! + Int(Self.text(row, "resp_pkts"))!
            ourPackets["\(carrier) | \(proto) \(ends[0]) \(ends[1])", default: 0] += packets
        }
        let differing = Set(ourPackets.keys).union(peerPackets.keys).filter { ourPackets[$0] != peerPackets[$0] }.sorted()
        #expect(differing.isEmpty, "\(differing.map { "\($0): \(ourPackets[$0] ?? 0) here, \(peerPackets[$0] ?? 0) by tshark" })")
        #expect(ourPackets.count > 100)
        // Every frame is opened as deep as the limit allows.
        #expect(pipeline.statistics.tunnelledPackets == peer.reduce(0) { $0 + min($1.tunnels.count, 2) })
        print("== tunnels: \(inner.count) inner connections, \(peerPackets.values.reduce(0, +)) packets, as tshark counts them ==")

        // Three deep: past the limit, one weird a frame, and the innermost is not opened.
        let deep = Self.deepFrames(peer)
        #expect(deep > 0)
        #expect(sink.rows("weird").filter { Self.text($0, "name") == "exceeded_tunnel_max_depth" }.count == deep)
    }

    static func deepFrames(_ peer: [PeerFrame]) -> Int { peer.filter { $0.tunnels.count > 2 }.count }

    /// A UDP tunnel closes when its connection ends, and that connection's service names the
    /// tunnel; an IP tunnel in which no connection starts for an hour expires then.
    @Test func tunnelsCloseAndExpireAsZeekDoes() throws {
        let (sink, _) = TsharkAgreementTests.analyze(Self.sample)
        let rows = sink.rows("tunnel")
        let conns = sink.rows("conn")
        let end = conns.map { Double(Self.text($0, "ts"))! + (Double(Self.text($0, "duration")) ?? 0) }.max()!
        for row in rows where Self.text(row, "action") == "Tunnel::DISCOVER" {
            let uid = Self.text(row, "uid")
            let type = Self.text(row, "tunnel_type")
            let later = rows.filter { Self.text($0, "uid") == uid && Self.text($0, "action") != "Tunnel::DISCOVER" }
            if Self.text(row, "id.resp_p") != "0" {
                let carrier = try #require(conns.first { Self.text($0, "uid") == uid }, "\(type) \(uid) has its connection")
                #expect(Self.text(carrier, "service") == type.dropFirst("Tunnel::".count).lowercased())
                #expect(later.map { Self.text($0, "action") } == ["Tunnel::CLOSE"])
            } else {
                // Inside an IP tunnel: the last connection to start in it, plus an hour.
                let starts = conns.filter { Self.text($0, "tunnel_parents").split(separator: ",").contains(Substring(uid)) }
                    .map { Double(Self.text($0, "ts"))! }
                guard let lastStart = starts.max() else {
                    // Only ever outside another tunnel (IP around GRE): it ends as the tunnel
                    // discovered with it does.
                    let partner = try #require(
                        rows.first {
                            Self.text($0, "ts") == Self.text(row, "ts") && Self.text($0, "uid") != uid && Self.text($0, "id.resp_p") == "0"
                        })
                    let partnerLater = rows.filter {
                        Self.text($0, "uid") == Self.text(partner, "uid") && Self.text($0, "action") != "Tunnel::DISCOVER"
                    }
                    #expect(
                        later.map { Self.text($0, "action") + Self.text($0, "ts") }
                            == partnerLater.map { Self.text($0, "action") + Self.text($0, "ts") })
                    continue
                }
                if lastStart + 3600 <= end {
                    #expect(later.map { Self.text($0, "action") } == ["Tunnel::EXPIRE"])
                    #expect(abs(Double(Self.text(later[0], "ts"))! - (lastStart + 3600)) < 0.000_002)
                } else {
                    #expect(later.isEmpty)
                }
            }
        }
    }
}
