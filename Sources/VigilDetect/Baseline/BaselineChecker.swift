/// Compares what logs show with a baseline and names each difference once: a new device, a
/// new pair, a new function on a known pair, a device whose identity changed.
public struct BaselineChecker {
    public let baseline: Baseline
    private let known: [BaselinePair.Key: BaselinePair]
    private let addresses: Set<String>
    private let points: [BaselinePoint.Key: BaselinePoint]
    private let pointServers: Set<String>
    /// The lowest and highest value read outside each point's range (`withValueExtents`).
    private var outside: [BaselinePoint.Key: ClosedRange<Double>] = [:]
    /// Requests counted for each function a learned pair polls (`periodChanges`).
    private(set) var polls: [BaselineLearner.PollKey: PollCount] = [:]
    /// What was already reported, so that each difference is named once.
    private var reported = Set<String>()
    /// New pairs a client shows that are named one by one. From the next on, they, their new
    /// servers and their functions are counted into one `Baseline::Sweep` for the client: a
    /// scan of a /16 is one notice, not 130,000, and the first addresses it reached are named.
    public static let pairsNamedPerClient = 16
    /// New pairs seen of each client, and the pairs counted into a sweep.
    private var newPairs: [String: Int] = [:]
    private var swept = Set<BaselinePair.Key>()
    /// Each sweeping client's count, not yet reported.
    private var sweeps: [String: BaselineSweep] = [:]

    public enum Kind: String, Sendable {
        case newAsset = "Baseline::New_Asset"
        case newPair = "Baseline::New_Pair"
        case newFunction = "Baseline::New_Function"
        case newProtocol = "Baseline::New_Protocol"
        case writeOutsideRange = "Baseline::Write_Outside_Range"
        case valueOutOfRange = "Baseline::Value_Out_Of_Range"
        case pollingPeriodChange = "Baseline::Polling_Period_Change"
        case identityChange = "Baseline::Identity_Change"
        case sweep = "Baseline::Sweep"
    }

    public struct Deviation: Sendable {
        public let kind: Kind
        public let message: String
        /// The row that showed it (for identity changes, a row naming the address only).
        public let record: EventRecord
        public let evidence: [String]
        /// The notice's `n`: 1, or the pairs a sweep counted.
        public var count = 1
    }

    public init(_ baseline: Baseline) {
        self.baseline = baseline
        var known: [BaselinePair.Key: BaselinePair] = [:]
        var addresses = Set(baseline.assets.keys)
        for p in baseline.pairs {
            known[p.key] = p
            addresses.insert(p.client)
            addresses.insert(p.server)
        }
        self.known = known
        self.addresses = addresses
        points = Dictionary((baseline.points ?? []).map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        pointServers = Set(points.keys.map(\.server))
    }

    public mutating func check(_ record: EventRecord) -> [Deviation] {
        guard let key = BaselineLearner.key(record) else { return [] }
        let pairText = "\(key.client) → \(key.server):\(key.port)"
        let pair = known[key]
        if pair == nil, countedInSweep(key, pairText, record) { return [] }
        var out: [Deviation] = []
        for address in [key.client, key.server] where !addresses.contains(address) && Self.isDevice(address) {
            if reported.insert("asset \(address)").inserted {
                out.append(Deviation(kind: .newAsset, message: "New device \(address)", record: record, evidence: ["address=\(address)"]))
            }
        }
        if pair == nil, reported.insert("pair \(pairText)").inserted {
            var evidence = ["client=\(key.client)", "server=\(key.server)", "port=\(key.port)"]
            if let p = record.text("proto") { evidence.append("proto=\(p)") }
            if let s = record.text("service") { evidence.append("service=\(s)") }
            out.append(Deviation(kind: .newPair, message: "New communication \(pairText)", record: record, evidence: evidence))
        }
        // A learned pair carrying another transport or service than it did (conn.log names
        // them): Modbus where only HTTP was, UDP where only TCP was.
        if let pair {
            for (field, value, learned) in Self.newProtocols(record, pair) where reported.insert("protocol \(pairText) \(value)").inserted {
                out.append(
                    Deviation(
                        kind: .newProtocol, message: "New protocol \(value) on \(pairText)", record: record,
                        evidence: ["\(field)=\(value)", "learned=\(learned.joined(separator: ","))"]))
            }
        }
        // A Modbus write where the pair never wrote: a setpoint or coil it had left alone.
        if let pair, let write = Self.writeOutside(record, pair),
            reported.insert("write \(pairText) \(write.table) \(write.text)").inserted
        {
            let learned = pair.writes?[write.table].map { $0.map(String.init).joined(separator: "-") } ?? "none"
            out.append(
                Deviation(
                    kind: .writeOutsideRange,
                    message: "Write to \(write.table) \(write.text) outside the learned \(learned) on \(pairText)",
                    record: record, evidence: ["\(write.table)=\(write.text)", "learned=\(learned)"]))
        }
        // A learned pair reading a value its server's point never had: a setpoint moved, a
        // reading faked or a process out of its normal band.
        if pair != nil {
            for (reading, learned) in outOfRange(record) {
                let extent = outside[learned.key].map { min($0.lowerBound, reading.value)...max($0.upperBound, reading.value) }
                outside[learned.key] = extent ?? reading.value...reading.value
                guard reported.insert("value \(reading.server) \(reading.point)").inserted else { continue }
                let value = PointReading.text(reading.value)
                out.append(
                    Deviation(
                        kind: .valueOutOfRange,
                        message: "Value \(value) of \(reading.point) on \(reading.server) outside the learned \(learned.rangeText)",
                        record: record,
                        evidence: ["server=\(reading.server)", "point=\(reading.point)", "value=\(value)", "learned=\(learned.rangeText)"]))
            }
        }
        if let pair, let function = FunctionField.of(record.log)?.function(in: record), pair.periods?[record.log]?[function] != nil,
            let time = record.value("ts")?.number
        {
            polls[BaselineLearner.PollKey(pair: pair.key, log: record.log, function: function), default: PollCount()].note(time)
        }
        // The functions of a new pair are named too, so that accepting a run's differences
        // leaves nothing of that pair to report next time.
        let learned = pair?.functions[record.log] ?? []
        if let field = FunctionField.of(record.log), let f = field.function(in: record), !learned.contains(f),
            reported.insert("function \(pairText) \(record.log) \(f)").inserted
        {
            out.append(
                Deviation(
                    kind: .newFunction, message: "New \(record.log) function \(f) on \(pairText)", record: record,
                    evidence: ["\(field.field)=\(f)", "learned=\(learned.joined(separator: ","))"]))
        }
        return out
    }

    /// Whether a row of a pair the baseline does not know is one of a sweep: its client
    /// already showed `pairsNamedPerClient` new pairs. The pair is then counted, once, with
    /// whether its server is a device the baseline does not know.
    private mutating func countedInSweep(_ key: BaselinePair.Key, _ pairText: String, _ record: EventRecord) -> Bool {
        if swept.contains(key) { return true }
        guard !reported.contains("pair \(pairText)") else { return false }
        let seen = newPairs[key.client, default: 0] + 1
        newPairs[key.client] = seen
        guard seen > Self.pairsNamedPerClient else { return false }
        swept.insert(key)
        let newDevice = !addresses.contains(key.server) && Self.isDevice(key.server) && reported.insert("asset \(key.server)").inserted
        sweeps[key.client, default: BaselineSweep(client: key.client, first: record)].add(
            key, at: record.value("ts")?.number, newDevice: newDevice)
        return true
    }

    /// One notice for each client whose sweep counted pairs since the last call, in the
    /// order of the clients' addresses. A live sensor asks each time it writes its inventory
    /// and names only what was counted since; a run over files asks once at the end.
    public mutating func sweepSummaries() -> [Deviation] {
        defer { sweeps.removeAll() }
        return sweeps.keys.sorted().compactMap { sweeps[$0]?.deviation(named: Self.pairsNamedPerClient) }
    }

    /// The transport and services a conn.log row names that `pair` was not learned with:
    /// the field, the value and what was learned. A pair learned without a conn.log row (from
    /// an OT log, or accepted from a notice that named no transport) has nothing to compare.
    static func newProtocols(_ record: EventRecord, _ pair: BaselinePair) -> [(String, String, [String])] {
        guard record.log == "conn", !pair.protos.isEmpty else { return [] }
        var out: [(String, String, [String])] = []
        if let proto = record.text("proto"), !pair.protos.contains(proto) { out.append(("proto", proto, pair.protos)) }
        for service in (record.text("service") ?? "").split(separator: ",").map(String.init) where !pair.services.contains(service) {
            out.append(("service", service, pair.services))
        }
        return out
    }

    /// A write outside the points the pair was learned writing. A Modbus table never written
    /// is a new function instead; a DNP3 block, BACnet object type and property, S7 area, CIP
    /// class or IEC 104 command family never written by a pair that wrote others is outside.
    /// A baseline learned without write ranges, or a pair that never wrote, has none to compare.
    static func writeOutside(_ record: EventRecord, _ pair: BaselinePair) -> WriteRange? {
        guard let write = WriteRange(record), let writes = pair.writes else { return nil }
        guard let learned = writes[write.table] else { return write.functionNamesTable ? nil : write }
        return write.isInside(learned) ? nil : write
    }

    /// The readings of a row outside their point's learned range, with the learned point.
    func outOfRange(_ record: EventRecord) -> [(PointReading, BaselinePoint)] {
        guard !points.isEmpty else { return [] }
        return PointReading.readings(in: record).compactMap { r in
            guard let learned = points[BaselinePoint.Key(server: r.server, point: r.point)], !learned.holds(r.value) else { return nil }
            return (r, learned)
        }
    }

    /// `deviations` with each value out of range given the lowest and highest value its point
    /// was read with outside the range over the whole run (`seen=21451..21506`): what
    /// accepting it widens the range to. A live sensor names the first value alone.
    public func withValueExtents(_ deviations: [Deviation]) -> [Deviation] {
        deviations.map { d in
            guard d.kind == .valueOutOfRange else { return d }
            func value(_ name: String) -> String? {
                d.evidence.first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
            }
            guard let server = value("server"), let point = value("point"),
                let extent = outside[BaselinePoint.Key(server: server, point: point)]
            else { return d }
            let seen = "seen=\(PointReading.text(extent.lowerBound))..\(PointReading.text(extent.upperBound))"
            return Deviation(kind: d.kind, message: d.message, record: d.record, evidence: d.evidence + [seen])
        }
    }

    /// Whether either end of a pair holds points whose values the baseline learned: whether
    /// the values in its rows are worth looking at.
    func readsPoints(_ pair: BaselinePair.Key) -> Bool {
        pointServers.contains(pair.server) || pointServers.contains(pair.client)
    }

    /// The functions whose polling period moved beyond `PollCount.tolerance` of the learned
    /// one, each named once, in the order of pair, log and function. `counts` are the
    /// requests of the whole run (the checker's own `polls` over logs; the workers' added up
    /// as rows are written).
    public mutating func periodChanges() -> [Deviation] { periodChanges(polls) }

    mutating func periodChanges(_ counts: [BaselineLearner.PollKey: PollCount]) -> [Deviation] {
        var out: [Deviation] = []
        for (key, count) in counts.sorted(by: { a, b in
            (a.key.pair.client, a.key.pair.server, a.key.pair.port, a.key.log, a.key.function)
                < (b.key.pair.client, b.key.pair.server, b.key.pair.port, b.key.log, b.key.function)
        }) {
            guard let learned = known[key.pair]?.periods?[key.log]?[key.function], let period = count.period,
                PollCount.changed(period, from: learned)
            else { continue }
            let pairText = "\(key.pair.client) → \(key.pair.server):\(key.pair.port)"
            guard reported.insert("period \(pairText) \(key.log) \(key.function)").inserted else { continue }
            let seconds = (period * 1000).rounded() / 1000
            let record = EventRecord(
                log: key.log,
                fields: [
                    ("ts", .number(String(format6: count.last))), ("id.orig_h", .text(key.pair.client)),
                    ("id.resp_h", .text(key.pair.server)),
                    ("id.resp_p", .number(String(key.pair.port))),
                ])
            out.append(
                Deviation(
                    kind: .pollingPeriodChange,
                    message: "\(key.log) \(key.function) on \(pairText) every \(seconds) s, learned every \(learned) s", record: record,
                    evidence: ["function=\(key.function)", "period=\(seconds)", "learned=\(learned)", "requests=\(count.requests)"]))
        }
        return out
    }

    /// Whether a row may show something the baseline does not know: a row naming a learned
    /// pair (whose devices are learned with it), its learned transport and services, and no
    /// function or a learned one, never can.
    func mayDeviate(_ record: EventRecord) -> Bool {
        guard let key = BaselineLearner.key(record) else { return false }
        guard let pair = known[key] else { return true }
        if !Self.newProtocols(record, pair).isEmpty || Self.writeOutside(record, pair) != nil || !outOfRange(record).isEmpty { return true }
        guard let field = FunctionField.of(record.log), let f = field.function(in: record) else { return false }
        return !(pair.functions[record.log] ?? []).contains(f)
    }

    /// Whether an address names one device: not a multicast or broadcast group, not the
    /// unspecified address a host uses before it has one.
    static func isDevice(_ address: String) -> Bool {
        if address == "::" || address == "0.0.0.0" || address == "255.255.255.255" { return false }
        if address.lowercased().hasPrefix("ff") && address.contains(":") { return false }
        if let first = address.split(separator: ".").first.flatMap({ Int($0) }), address.contains("."), (224...239).contains(first) {
            return false
        }
        return true
    }

    /// Devices whose identity differs from the learned one (a field known in both, with
    /// another value): a swapped or reflashed device.
    public func identityChanges(_ assets: [String: BaselineAsset], at time: Double?) -> [Deviation] {
        var out: [Deviation] = []
        for address in assets.keys.sorted() {
            guard let learned = baseline.assets[address], let now = assets[address] else { continue }
            let changed = zip(learned.fields, now.fields).compactMap { a, b -> String? in
                guard let was = a.1, let is_ = b.1, was != is_ else { return nil }
                return "\(a.0): \(was) → \(is_)"
            }
            guard !changed.isEmpty else { continue }
            var fields: [(String, FieldValue)] = [("id.resp_h", .text(address))]
            if let time { fields.insert(("ts", .number(String(format6: time))), at: 0) }
            out.append(
                Deviation(
                    kind: .identityChange, message: "Identity of \(address) changed: " + changed.joined(separator: ", "),
                    record: EventRecord(log: "assets", fields: fields), evidence: changed))
        }
        return out
    }
}

extension String {
    /// Seconds with six decimals, as logs write times.
    init(format6 v: Double) {
        let micros = Int64((v * 1e6).rounded())
        let frac = String(micros % 1_000_000)
        self = "\(micros / 1_000_000)." + String(repeating: "0", count: 6 - frac.count) + frac
    }
}
