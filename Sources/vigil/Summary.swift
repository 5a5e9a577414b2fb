import VigilInventory
import VigilSensor

/// The end-of-run summary, on stdout: devices, protocols and anything weird.
enum Summary {
    static func print(
        statistics s: SensorStatistics, inventory: AssetInventory, source: String, seconds: Double, out: String,
        packetsPerWorker: [Int] = []
    ) {
        var s = s
        s.connections = s.logRows["conn"] ?? 0
        let assets = inventory.assets
        var lines: [String] = []
        let rate = seconds > 0 ? Int(Double(s.packets) / seconds) : 0
        lines.append(
            "Analyzed \(source): \(s.packets) packets, \(s.connections) connections"
                + (seconds > 0 ? " in \(String(format2: seconds)) s (\(rate) pkt/s)" : ""))
        if packetsPerWorker.count > 1 {
            lines.append("Workers: \(packetsPerWorker.count) (packets each: \(packetsPerWorker.map(String.init).joined(separator: ", ")))")
        }
        lines.append("Devices: \(assets.count)")
        for a in assets.prefix(15) {
            let ip = a.ips.sorted().first.map { "\($0)" } ?? "-"
            var desc = ip.padding(to: 16)
            desc += " " + (a.mac.map { "\($0)" } ?? "-").padding(to: 18)
            if let v = a.mac.flatMap({ OUIVendors.vendor(of: $0) }) {
                desc += " " + String(v.prefix(24)).padding(to: 24)
            } else {
                desc += " " + "".padding(to: 24)
            }
            let type = DeviceClassifier.bundled.classify(a)
            desc += " " + (type.value + (type.level.map { " L\($0)" } ?? "")).padding(to: 22)
            desc += " " + a.roles.sorted().joined(separator: ",")
            let id = [IdentityFieldName.vendor, .product, .model, .firmware, .os].compactMap { a.identity[$0]?.value }
            if !id.isEmpty { desc += " [" + id.joined(separator: " / ") + "]" }
            lines.append("  " + desc)
        }
        if assets.count > 15 { lines.append("  … \(assets.count - 15) more in \(out)/assets.json") }
        let services = s.services.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }
        lines.append("Protocols (connections): " + (services.isEmpty ? "none recognised" : services.joined(separator: ", ")))
        if s.tunnelledPackets > 0 {
            let tunnels = s.logRows["tunnel"].map { ", \($0) tunnel.log rows" } ?? ""
            lines.append("Tunnels: \(s.tunnelledPackets) packets opened and analysed\(tunnels)")
        }
        let logs = s.logRows.sorted { $0.key < $1.key }.map { "\($0.key).log \($0.value)" }
        lines.append("Logs: " + logs.joined(separator: ", "))
        if s.weirds.isEmpty {
            lines.append("Weird: none")
        } else {
            let w = s.weirds.sorted { $0.value > $1.value }.prefix(10).map { "\($0.key) \($0.value)" }
            lines.append("Weird: " + w.joined(separator: ", ") + " (see \(out)/weird.log)")
        }
        lines.append("Output: \(out)/")
        Terminal.result(lines.joined(separator: "\n"))
    }
}

extension String {
    init(format2 v: Double) {
        let cents = Int((v * 100).rounded())
        let frac = cents % 100
        self = "\(cents / 100).\(frac < 10 ? "0" : "")\(frac)"
    }

    init(format1 v: Double) {
        let tenths = Int((v * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }

    func padding(to n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
