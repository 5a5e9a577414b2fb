import Foundation

/// Folds reviewed differences (the `Baseline::` rows of a notice.log) into a baseline: the
/// device, pair, protocol or function becomes known, a point's range grows to hold the value,
/// a poll's new period becomes the learned one, the new identity becomes the learned one.
public struct BaselineAcceptance {
    public private(set) var baseline: Baseline
    public private(set) var accepted = 0

    public init(_ baseline: Baseline) {
        self.baseline = baseline
    }

    /// The index of a pair in the baseline, added unknown if it was not there.
    private mutating func pairIndex(_ key: BaselinePair.Key) -> Int {
        if let i = baseline.pairs.firstIndex(where: { $0.key == key }) { return i }
        baseline.pairs.append(BaselinePair(client: key.client, server: key.server, port: key.port))
        return baseline.pairs.count - 1
    }

    /// Takes one notice row; rows that are not baseline differences are left alone.
    public mutating func accept(_ notice: EventRecord) {
        guard let note = notice.text("note"), let kind = BaselineChecker.Kind(rawValue: note) else { return }
        let evidence =
            (notice.value("evidence").map { v -> [String] in
                if case .list(let items) = v { return items.map(\.text) }
                return [v.text]
            }) ?? []
        func value(_ name: String) -> String? {
            evidence.first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
        }
        switch kind {
        case .sweep:
            // A scan's addresses are investigated, not learned: the notice names none of them.
            return
        case .newAsset:
            guard let address = value("address") else { return }
            if baseline.assets[address] == nil { baseline.assets[address] = BaselineAsset() }
        case .newPair:
            guard let client = value("client"), let server = value("server"), let port = value("port").flatMap({ Int($0) }) else { return }
            var pair = BaselinePair(client: client, server: server, port: port)
            if let p = value("proto") { pair.protos = [p] }
            if let s = value("service") { pair.services = s.split(separator: ",").map(String.init) }
            if baseline.pair(pair.key) == nil { baseline.pairs.append(pair) }
        case .newFunction:
            guard let client = notice.text("id.orig_h"), let server = notice.text("id.resp_h"),
                let port = notice.value("id.resp_p")?.number.map({ Int($0) }), let log = notice.text("log"),
                let field = FunctionField.of(log), let function = value(field.field)
            else { return }
            let i = pairIndex(BaselinePair.Key(client: client, server: server, port: port))
            if !(baseline.pairs[i].functions[log] ?? []).contains(function) {
                baseline.pairs[i].functions[log, default: []].append(function)
            }
        case .newProtocol:
            guard let client = notice.text("id.orig_h"), let server = notice.text("id.resp_h"),
                let port = notice.value("id.resp_p")?.number.map({ Int($0) })
            else { return }
            let i = pairIndex(BaselinePair.Key(client: client, server: server, port: port))
            if let proto = value("proto"), !baseline.pairs[i].protos.contains(proto) { baseline.pairs[i].protos.append(proto) }
            if let service = value("service"), !baseline.pairs[i].services.contains(service) { baseline.pairs[i].services.append(service) }
        case .writeOutsideRange:
            guard let client = notice.text("id.orig_h"), let server = notice.text("id.resp_h"),
                let port = notice.value("id.resp_p")?.number.map({ Int($0) }),
                let written = evidence.first(where: { !$0.hasPrefix("learned=") }), let equals = written.firstIndex(of: "=")
            else { return }
            let table = String(written[..<equals])
            let bounds = written[written.index(after: equals)...].split(separator: "-").compactMap { Int($0) }
            guard let first = bounds.first, let last = bounds.last else { return }
            let i = pairIndex(BaselinePair.Key(client: client, server: server, port: port))
            var writes = baseline.pairs[i].writes ?? [:]
            let learned = writes[table]
            writes[table] = learned.map { [min($0[0], first), max($0[1], last)] } ?? [first, last]
            baseline.pairs[i].writes = writes
        case .valueOutOfRange:
            // The run's extent outside the range when the notice has it, else the value.
            let bounds = (value("seen") ?? value("value"))?.components(separatedBy: "..").compactMap { Double($0) } ?? []
            guard let server = value("server"), let point = value("point"), let low = bounds.min(), let high = bounds.max() else { return }
            var points = baseline.points ?? []
            if let i = points.firstIndex(where: { $0.server == server && $0.point == point }) {
                points[i].min = min(points[i].min, low)
                points[i].max = max(points[i].max, high)
            } else {
                points.append(BaselinePoint(server: server, point: point, min: low, max: high))
            }
            baseline.points = points
        case .pollingPeriodChange:
            guard let client = notice.text("id.orig_h"), let server = notice.text("id.resp_h"),
                let port = notice.value("id.resp_p")?.number.map({ Int($0) }), let log = notice.text("log"),
                let function = value("function"), let period = value("period").flatMap({ Double($0) })
            else { return }
            let i = pairIndex(BaselinePair.Key(client: client, server: server, port: port))
            baseline.pairs[i].periods = baseline.pairs[i].periods ?? [:]
            baseline.pairs[i].periods![log, default: [:]][function] = period
        case .identityChange:
            guard let address = notice.text("id.resp_h") else { return }
            var asset = baseline.assets[address] ?? BaselineAsset()
            for change in evidence {
                // "firmware: 3.10 → 2.90"
                let parts = change.components(separatedBy: ": ")
                guard parts.count >= 2, let now = change.components(separatedBy: " → ").last else { continue }
                switch parts[0] {
                case "vendor": asset.vendor = now
                case "model": asset.model = now
                case "firmware": asset.firmware = now
                case "serial": asset.serial = now
                default: continue
                }
            }
            baseline.assets[address] = asset
        }
        accepted += 1
    }
}
