import Foundation
import VigilCore

/// The nftables script that puts every response action in force, in a table of Vigil's own
/// (`inet vigil`), so that nothing else on the gateway is touched.
///
/// - The script replaces the whole table in one `nft -f` transaction: the first line makes sure
///   the table exists, the second deletes it, the rest creates it anew. nft applies all of it or
///   none, so a gateway never holds half a ruleset.
/// - Hosts and pairs live in named sets with a timeout per element, counting down from the
///   action's expiry: a block lapses in the kernel unless the hub renews it, even when the hub
///   is gone.
/// - One `screen` chain holds the drops; the forward, input and output hooks jump to it at a
///   priority before the usual filter, so a gateway's own accept rules cannot let a blocked host
///   through first.
/// - Addresses reach the script only as `IPAddress` printed them when the action was stored,
///   so no text from a request can add a rule of its own.
/// - Rolling everything back is `nft delete table inet vigil` (`vigil enforce --remove`).
public enum NftRuleset {
    public static let table = "inet vigil"

    public static func script(actions: [ResponseAction], version: Int64, now: Double) -> String {
        var sets: [NamedSet] = []
        var rules: [String] = []
        let live = actions.filter { $0.state == .active && $0.isFirewallRule && ($0.expires ?? 0) > now }
        for family in Family.allCases {
            let mine = live.filter { Family(address: $0.address) == family }
            let hosts = NamedSet("blocked_hosts\(family.suffix)", type: family.type)
            let pairs = NamedSet("blocked_pairs\(family.suffix)", type: "\(family.type) . \(family.type)")
            let quarantined = NamedSet("quarantined\(family.suffix)", type: family.type)
            let peers = NamedSet("quarantine_peers\(family.suffix)", type: "\(family.type) . \(family.type)")
            var limited: [Int: NamedSet] = [:]
            for action in mine {
                let seconds = max(1, Int(((action.expires ?? now) - now).rounded(.up)))
                switch action.kind {
                case .blockHost:
                    hosts.add(action.address, seconds)
                case .blockPair:
                    // The other end must be of the same family to share a concatenated key.
                    guard let peer = action.peer, Family(address: peer) == family else { continue }
                    pairs.add("\(action.address) . \(peer)", seconds)
                case .quarantine:
                    quarantined.add(action.address, seconds)
                    for peer in action.allowed where Family(address: peer) == family {
                        peers.add("\(action.address) . \(peer)", seconds)
                    }
                case .rateLimit:
                    guard let rate = action.rate, rate > 0 else { continue }
                    let set = limited[rate] ?? NamedSet("rate_limited\(family.suffix)_\(rate)", type: family.type)
                    set.add(action.address, seconds)
                    limited[rate] = set
                case .restore:
                    continue
                }
            }
            let ip = family.keyword
            sets += [hosts, pairs, quarantined, peers]
            rules += [
                "\(ip) saddr @\(hosts.name) drop",
                "\(ip) daddr @\(hosts.name) drop",
                "\(ip) saddr . \(ip) daddr @\(pairs.name) drop",
                "\(ip) daddr . \(ip) saddr @\(pairs.name) drop",
                // A quarantined host keeps only the peers named with it.
                "\(ip) saddr @\(quarantined.name) \(ip) saddr . \(ip) daddr != @\(peers.name) drop",
                "\(ip) daddr @\(quarantined.name) \(ip) daddr . \(ip) saddr != @\(peers.name) drop",
            ]
            for rate in limited.keys.sorted() {
                guard let set = limited[rate] else { continue }
                // Each limited host gets its own token bucket in a dynamic meter set, so that
                // one busy host does not use up another's allowance.
                let meter = NamedSet("rate_meter\(family.suffix)_\(rate)", type: family.type, dynamic: true)
                sets += [set, meter]
                rules.append("\(ip) saddr @\(set.name) update @\(meter.name) { \(ip) saddr limit rate over \(rate)/second } drop")
            }
        }

        var text = """
            # Vigil response ruleset, version \(version), made \(Date(timeIntervalSince1970: now).formatted(.iso8601)).
            # Applied with `nft -f`, all or nothing; removed with `nft delete table \(table)`.
            table \(table)
            delete table \(table)
            table \(table) {

            """
        for set in sets { text += set.text }
        text += "\tchain screen {\n"
        for rule in rules { text += "\t\t\(rule)\n" }
        text += "\t}\n"
        for hook in ["forward", "input", "output"] {
            text += "\tchain \(hook) {\n\t\ttype filter hook \(hook) priority filter - 10; policy accept;\n\t\tjump screen\n\t}\n"
        }
        text += "}\n"
        return text
    }

    enum Family: CaseIterable {
        case ipv4, ipv6

        init?(address: String) {
            guard let parsed = IPAddress(parsing: address) else { return nil }
            self = parsed.isV4 ? .ipv4 : .ipv6
        }

        var suffix: String { self == .ipv4 ? "4" : "6" }
        var type: String { self == .ipv4 ? "ipv4_addr" : "ipv6_addr" }
        var keyword: String { self == .ipv4 ? "ip" : "ip6" }
    }

    /// A named set and its elements, each with its own timeout.
    final class NamedSet {
        let name: String
        let type: String
        let dynamic: Bool
        private(set) var elements: [String] = []

        init(_ name: String, type: String, dynamic: Bool = false) {
            self.name = name
            self.type = type
            self.dynamic = dynamic
        }

        func add(_ key: String, _ seconds: Int) { elements.append("\(key) timeout \(seconds)s") }

        var text: String {
            var text = "\tset \(name) {\n\t\ttype \(type)\n"
            // A meter's entries live a minute past a host's last packet.
            text += dynamic ? "\t\tflags dynamic,timeout\n\t\ttimeout 60s\n" : "\t\tflags timeout\n"
            if !elements.isEmpty { text += "\t\telements = { \(elements.joined(separator: ", ")) }\n" }
            return text + "\t}\n"
        }
    }
}
