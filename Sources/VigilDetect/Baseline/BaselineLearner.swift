import Foundation

/// Builds a baseline from log rows (conn.log for pairs, the OT logs for functions) and from
/// assets.json for identities.
public struct BaselineLearner {
    public private(set) var baseline = Baseline()
    private var index: [BaselinePair.Key: Int] = [:]
    private var polls: [PollKey: PollCount] = [:]
    private var points: [BaselinePoint.Key: BaselinePoint] = [:]

    /// A pair, a log and a function it asked for there: what a polling period is kept by.
    struct PollKey: Hashable {
        let pair: BaselinePair.Key
        let log: String
        let function: String
    }

    public init() {}

    /// The logs a baseline reads.
    public static var logs: [String] {
        var logs = ["conn"] + FunctionField.all.map(\.log)
        for log in WriteRange.logs + PointReading.logs where !logs.contains(log) { logs.append(log) }
        return logs
    }

    public mutating func learn(_ record: EventRecord) {
        guard let key = Self.key(record) else { return }
        let time = record.value("ts")?.number
        if let t = time {
            baseline.firstSeen = min(baseline.firstSeen ?? t, t)
            baseline.lastSeen = max(baseline.lastSeen ?? t, t)
        }
        let i: Int
        if let known = index[key] {
            i = known
        } else {
            i = baseline.pairs.count
            index[key] = i
            baseline.pairs.append(BaselinePair(client: key.client, server: key.server, port: key.port))
        }
        if let proto = record.text("proto"), !baseline.pairs[i].protos.contains(proto) { baseline.pairs[i].protos.append(proto) }
        if record.log == "conn", let services = record.text("service") {
            for s in services.split(separator: ",").map(String.init) where !baseline.pairs[i].services.contains(s) {
                baseline.pairs[i].services.append(s)
            }
        }
        if let write = WriteRange(record) {
            baseline.pairs[i].writes = baseline.pairs[i].writes ?? [:]
            baseline.pairs[i].writes![write.table] = write.widening(baseline.pairs[i].writes![write.table])
        }
        if let field = FunctionField.of(record.log), let f = field.function(in: record) {
            if !(baseline.pairs[i].functions[record.log] ?? []).contains(f) {
                baseline.pairs[i].functions[record.log, default: []].append(f)
            }
            if let time { polls[PollKey(pair: key, log: record.log, function: f), default: PollCount()].note(time) }
        }
        for reading in PointReading.readings(in: record) {
            let point = BaselinePoint.Key(server: reading.server, point: reading.point)
            var range = points[point] ?? BaselinePoint(server: reading.server, point: reading.point, min: reading.value, max: reading.value)
            range.min = min(range.min, reading.value)
            range.max = max(range.max, reading.value)
            points[point] = range
        }
    }

    /// Identities from an assets.json written by `vigil analyze`.
    public mutating func learnAssets(_ assets: [String: BaselineAsset]) {
        for (address, asset) in assets { baseline.assets[address] = asset }
    }

    /// The baseline, sorted so that the same logs give the same file.
    public func finished(from sources: [String]) -> Baseline {
        var b = baseline
        b.learnedFrom = sources
        for (key, count) in polls {
            guard let period = count.period, let i = index[key.pair] else { continue }
            // Milliseconds: finer than any poll, and a file an engineer reads.
            b.pairs[i].periods = b.pairs[i].periods ?? [:]
            b.pairs[i].periods![key.log, default: [:]][key.function] = (period * 1000).rounded() / 1000
        }
        b.points = points.values.sorted { ($0.server, $0.point) < ($1.server, $1.point) }
        b.pairs.sort { ($0.client, $0.server, $0.port) < ($1.client, $1.server, $1.port) }
        for i in b.pairs.indices {
            b.pairs[i].services.sort()
            b.pairs[i].protos.sort()
            b.pairs[i].functions = b.pairs[i].functions.mapValues { $0.sorted() }
        }
        return b
    }

    static func key(_ record: EventRecord) -> BaselinePair.Key? {
        guard let client = record.text("id.orig_h"), let server = record.text("id.resp_h"),
            let port = record.value("id.resp_p")?.number.map({ Int($0) })
        else { return nil }
        return BaselinePair.Key(client: client, server: server, port: port)
    }

    /// Identities by address from an assets.json, or nil if it cannot be read.
    public static func assets(inFile path: String) -> [String: BaselineAsset]? {
        guard let data = FileManager.default.contents(atPath: path),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let list = json["assets"] as? [[String: Any]]
        else { return nil }
        var out: [String: BaselineAsset] = [:]
        for a in list {
            let identity = a["identity"] as? [String: Any] ?? [:]
            func value(_ k: String) -> String? { (identity[k] as? [String: Any])?["value"] as? String }
            let asset = BaselineAsset(
                mac: a["mac"] as? String, vendor: value("vendor"), model: value("model") ?? value("product"), firmware: value("firmware"),
                serial: value("serial"))
            for ip in a["ips"] as? [String] ?? [] { out[ip] = asset }
        }
        return out
    }
}
