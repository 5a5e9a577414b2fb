import VigilCore
import VigilLogs

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `analyze --baseline` on rows as a pipeline writes them: one per worker. It keeps, for each
/// pair, log and function the baseline does not know, the earliest row that showed it; once
/// the input ends, `deviations(_:identities:)` names them as `BaselineChecker` names the rows of
/// written logs.
///
/// Reading the logs back once analysis had finished cost more than the analysis's own rules:
/// every row of conn.log and the OT logs parsed whole. Here a row costs a look at the few values
/// that decide whether it can show anything new (its addresses, port and function), compared
/// as the bytes the log holds against the combinations already seen. Only a combination not
/// seen before is read as a record.
public final class StreamBaseline {
    let checker: BaselineChecker
    /// How a row of each log is read.
    private var plans = BySchema<Plan>()
    /// Every combination of log, addresses, port and requested function seen so far, as the
    /// bytes of its values (a row repeating one is done with after one lookup), with the index
    /// in `kept` of its row, or -1 for a combination the baseline knows.
    private var seen: [ValueBytes: Int] = [:]
    /// Combinations `seen` holds at most. A sweep shows a new pair per probe, and a live sensor
    /// runs for months: the table is only a shortcut, emptied when full. A combination seen
    /// again after that is read once more, and the checker names nothing twice.
    let maxSeen: Int
    /// The earliest row of each combination the baseline does not know, and its time.
    public private(set) var kept: [EventRecord] = []
    private var keptMicros: [Int64] = []
    /// The latest row time read, in microseconds: the time of an identity change.
    public private(set) var latestMicros: Int64?
    private var scratch: [UInt8] = []
    /// Where the pair's bytes end in `scratch`, and where the requested function's begin
    /// (nil: the row names none).
    private var pairEnd = 0
    private var functionStart: Int?
    /// Pairs (as their bytes in a combination: client, server and port) whose points the
    /// baseline learned values of, and those with a learned polling period.
    private let pointPairs: Set<ValueBytes>
    private let pollPairs: Set<ValueBytes>
    /// Requests of each function a learned pair polls, counted on every row (not only new
    /// combinations): by a key of log, pair and function.
    private var pollIndex: [ValueBytes: Int] = [:]
    private(set) var pollKeys: [BaselineLearner.PollKey] = []
    private(set) var pollCounts: [PollCount] = []
    private var pollScratch: [UInt8] = []
    /// Live, when the counts were last handed to the shared check (microseconds of row time).
    private var pollsHandedAt: Int64?
    /// Live, requests are handed over this often (row time): a period is judged on minutes
    /// of requests, and the lock is then taken once per interval, not per row.
    static let pollHandOverMicros: Int64 = 10_000_000
    private var text: [UInt8] = []
    private let parser = JSONRowParser()

    /// With `live`, each difference is named as its row arrives (`takeNamed()`) instead of
    /// once the input ends: a live sensor's.
    let live: LiveBaselineCheck?
    /// Differences named as rows arrived, not yet taken.
    private var named: [BaselineChecker.Deviation] = []

    public init(_ baseline: Baseline, live: LiveBaselineCheck? = nil, maxSeen: Int = 1_000_000) {
        let checker = BaselineChecker(baseline)
        self.checker = checker
        self.live = live
        self.maxSeen = maxSeen
        func bytes(_ p: BaselinePair) -> ValueBytes {
            ValueBytes([p.client, p.server, String(p.port)].flatMap { Array($0.utf8) + [0xFF] })
        }
        pointPairs = Set(baseline.pairs.filter { checker.readsPoints($0.key) }.map(bytes))
        pollPairs = Set(baseline.pairs.filter { !($0.periods ?? [:]).isEmpty }.map(bytes))
    }

    /// The differences named since the last call (live only).
    public func takeNamed() -> [BaselineChecker.Deviation] {
        guard !named.isEmpty else { return [] }
        defer { named.removeAll() }
        return named
    }

    public func reads(_ schema: LogSchema) -> Bool { plan(schema).read }

    private func plan(_ schema: LogSchema) -> Plan { plans.value(for: schema) { Plan(schema) } }

    /// A row as a log holds it (JSON text), with where its writer put each value when known.
    public func observe(text row: UnsafeRawBufferPointer, fieldStarts: RowFieldStarts?, schema: LogSchema) {
        let plan = plan(schema)
        guard plan.read else { return }
        // Most rows of a log that details another are done with by their gate alone.
        if plan.spec?.details != nil, !mayShowPoints(plan, row, fieldStarts) { return }
        var micros: Int64?
        var tsEnd = 0
        if let ts = plan.ts, let at = valueStart(row, fieldStarts, ts), let scalar = JSONRowParser.plainScalar(in: row, at: at) {
            micros = Self.micros(scalar)
            if let micros { latestMicros = max(latestMicros ?? micros, micros) }
            tsEnd = end(of: scalar, at: at, in: row)
        }
        guard let inPlace = combination(row, fieldStarts, plan, schema, after: tsEnd) else { return }
        // A value that needs reading (a string with escapes): the row is read whole, and its
        // combination taken from the record.
        var record: EventRecord?
        if !inPlace {
            guard let whole = try? parser.parse(row, log: schema.path) else { return }
            record = whole
            combination(of: whole, schema)
        }
        if plan.connectionPolls || !inPlace, let functionStart, let micros { countPoll(plan, schema, functionStart, micros) }
        // Rows of one connection follow each other in most logs (85% of bacnet.log's on the
        // benchmark capture), a request's and its response's: the log's last two combinations
        // are compared before any lookup.
        let index: Int?
        if inPlace, let recent = plan.recent.firstIndex(where: { $0.key == scratch }) {
            index = plan.recent[recent].index
        } else {
            index = seen[ValueBytes(scratch)]
            if inPlace, let index {
                plan.recent.swapAt(0, 1)
                plan.recent[0].key.removeAll(keepingCapacity: true)
                plan.recent[0].key.append(contentsOf: scratch)
                plan.recent[0].index = index
            }
        }
        let key = ValueBytes(scratch)
        if let index {
            // Seen before: nothing new, unless it is a new combination shown by a row older
            // than the one kept (a connection's row is written when it ends).
            guard index >= 0, let micros, micros < keptMicros[index],
                let earlier = record ?? (try? parser.parse(row, log: schema.path))
            else { return }
            kept[index] = earlier
            keptMicros[index] = micros
            return
        }
        guard let first = record ?? (try? parser.parse(row, log: schema.path)) else { return }
        // The logs' last combinations (`Plan.recent`) stay true: they name rows in `kept`.
        if seen.count >= maxSeen { seen.removeAll() }
        guard checker.mayDeviate(first) else {
            seen[key] = -1
            return
        }
        if let live {
            named += live.check(first)
            seen[key] = -1
            return
        }
        seen[key] = kept.count
        kept.append(first)
        keptMicros.append(micros ?? .max)
    }

    /// A row written as values (a TSV log): read through the JSON text it would have had.
    public func observe(_ row: LogRecord) {
        guard plan(row.schema).read else { return }
        text.removeAll(keepingCapacity: true)
        ZeekJSONEncoder.encode(row, into: &text)
        text.withUnsafeBytes { observe(text: $0, fieldStarts: nil, schema: row.schema) }
    }

    /// Puts the row's deciding values in `scratch`: true when they were read in place, false
    /// when one needs reading whole (a string with escapes), nil when the row names no pair
    /// (no row without one can differ from a baseline).
    private func combination(_ row: UnsafeRawBufferPointer, _ starts: RowFieldStarts?, _ plan: Plan, _ schema: LogSchema, after tsEnd: Int)
        -> Bool?
    {
        scratch.removeAll(keepingCapacity: true)
        functionStart = nil
        guard let pair = plan.pair else { return nil }
        scratch.append(UInt8(truncatingIfNeeded: schema.number))
        scratch.append(UInt8(truncatingIfNeeded: schema.number >> 8))
        var next = tsEnd
        if let same = plan.sameConnection(row, from: tsEnd) {
            // The last row's connection: its pair as read then.
            scratch.append(contentsOf: plan.connectionPair)
            next = same
        } else {
            // Each field is looked for right after the one before it, where rows hold it.
            for (field, inKey) in pair {
                guard let at = valueStart(row, starts, field, expectedAt: next) else { return inKey ? nil : unreadable() }
                guard let value = JSONRowParser.plainScalar(in: row, at: at) else { return unreadable() }
                next = end(of: value, at: at, in: row)
                if inKey { append(value) }
            }
            plan.noteConnection(row, from: tsEnd, to: next, pair: scratch[2...])
            // Once per connection, not per row: whether its pair's values or requests count.
            let pairBytes = ValueBytes(Array(scratch[2...]))
            plan.connectionReadsPoints = !plan.values.isEmpty && pointPairs.contains(pairBytes)
            plan.connectionPolls = plan.function != nil && pollPairs.contains(pairBytes)
        }
        pairEnd = scratch.count
        guard appendFields(plan.protocols, row, starts, &next) else { return unreadable() }
        if let gate = plan.gate {
            // A write's points are part of its combination, and so are a learned pair's
            // values read (a value never seen with the rest is looked at once,
            // `BaselineChecker.outOfRange`); another pair's are not, so that a new pair's
            // changing readings do not each keep a row.
            // A row without the gate (an IEC 104 S or U frame) neither writes nor reads.
            var kind = PointFields.Kind.neither
            if let at = valueStart(row, starts, gate, expectedAt: next) {
                guard let value = JSONRowParser.plainScalar(in: row, at: at) else { return unreadable() }
                next = end(of: value, at: at, in: row)
                append(value)
                kind = plan.kind(value)
            } else {
                scratch.append(0xFF)
            }
            switch kind {
            case .write:
                guard appendFields(plan.points, row, starts, &next) else { return unreadable() }
            case .read where plan.connectionReadsPoints && isPointRead(plan, row, starts):
                guard appendFields(plan.points, row, starts, &next), appendFields(plan.values, row, starts, &next) else {
                    return unreadable()
                }
            default:
                // A learned point's read on a pair that reads none (`mayShowPoints`).
                if plan.spec?.details != nil { return nil }
            }
        }
        guard let function = plan.function else { return true }
        if let request = plan.request {
            // A row that is not a request names no function (`FunctionField.function(in:)`).
            // ICSNPP's direction fields (`is_orig`) follow the connection's.
            guard let at = valueStart(row, starts, request, expectedAt: next), let value = JSONRowParser.plainScalar(in: row, at: at),
                value.elementsEqual(plan.requestValue)
            else { return true }
        }
        guard let at = valueStart(row, starts, function) else { return true }
        guard let value = JSONRowParser.plainScalar(in: row, at: at) else { return unreadable() }
        functionStart = scratch.count
        append(value)
        return true
    }

    /// Whether a row of a log that details another (bacnet_property.log of bacnet.log) may
    /// show a write or a point's value. One that does not can show nothing but its pair,
    /// which the other log's row of the same message names first: the checker reads logs in
    /// name order (`deviations`). A row whose gate needs reading whole is read.
    private func mayShowPoints(_ plan: Plan, _ row: UnsafeRawBufferPointer, _ starts: RowFieldStarts?) -> Bool {
        guard let gate = plan.gate, let at = valueStart(row, starts, gate) else { return false }
        guard let value = JSONRowParser.plainScalar(in: row, at: at) else { return true }
        switch plan.kind(value) {
        case .write: return true
        case .read: return isPointRead(plan, row, starts)
        case .neither: return false
        }
    }

    /// Whether a read carries a point's value (`PointFields.readsOnly`).
    private func isPointRead(_ plan: Plan, _ row: UnsafeRawBufferPointer, _ starts: RowFieldStarts?) -> Bool {
        guard let only = plan.readsOnly else { return true }
        guard let at = valueStart(row, starts, only.field), let value = JSONRowParser.plainScalar(in: row, at: at) else { return false }
        return value.elementsEqual(only.value)
    }

    /// Appends `fields`' values to the combination, each looked for after the one before;
    /// false when one needs reading whole.
    private func appendFields(_ fields: [Plan.Field], _ row: UnsafeRawBufferPointer, _ starts: RowFieldStarts?, _ next: inout Int) -> Bool {
        for field in fields {
            if let at = valueStart(row, starts, field, expectedAt: next) {
                guard let value = Self.plainValue(in: row, at: at) else { return false }
                next = end(of: value, at: at, in: row)
                append(value)
            } else {
                scratch.append(0xFF)
            }
        }
        return true
    }

    /// A scalar as `JSONRowParser.plainScalar` reads it, or a list of plain scalars whole
    /// (`[1,2,3]`, `["0.5","12"]`, brackets included); nil for anything that needs reading.
    static func plainValue(in row: UnsafeRawBufferPointer, at start: Int) -> UnsafeRawBufferPointer? {
        guard start < row.count, row[start] == UInt8(ascii: "[") else { return JSONRowParser.plainScalar(in: row, at: start) }
        var inString = false
        for i in (start + 1)..<row.count {
            switch row[i] {
            case UInt8(ascii: "\\"): return nil
            case UInt8(ascii: "\""): inString.toggle()
            case UInt8(ascii: "]") where !inString: return UnsafeRawBufferPointer(rebasing: row[start...i])
            case UInt8(ascii: "[") where !inString, UInt8(ascii: "{") where !inString: return nil
            default: continue
            }
        }
        return nil
    }

    /// Counts a request of a function a learned pair polls: the poll key is the log, the
    /// pair and the function, from `scratch` (read in place: the pair's bytes and the
    /// function's) or from the row read whole.
    private func countPoll(_ plan: Plan, _ schema: LogSchema, _ functionStart: Int, _ micros: Int64) {
        pollScratch.removeAll(keepingCapacity: true)
        pollScratch.append(contentsOf: scratch[0..<pairEnd])
        pollScratch.append(contentsOf: scratch[functionStart...])
        let index: Int
        if pollScratch == plan.lastPoll.key {
            index = plan.lastPoll.index
        } else if let known = pollIndex[ValueBytes(pollScratch)] {
            index = known
        } else {
            // Client, server, port and function, each followed by 0xFF.
            let parts = pollScratch[2...].split(separator: 0xFF, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            guard parts.count >= 4, let port = Int(parts[2]) else { return }
            let key = BaselineLearner.PollKey(
                pair: BaselinePair.Key(client: parts[0], server: parts[1], port: port), log: schema.path, function: parts[3])
            // Only the functions the baseline has a period for are counted, so the table
            // holds at most what the baseline names.
            if pollIndex.count >= maxSeen { pollIndex = pollIndex.filter { $0.value >= 0 } }
            guard checker.baseline.pair(key.pair)?.periods?[key.log]?[key.function] != nil else {
                pollIndex[ValueBytes(pollScratch)] = -1
                return
            }
            index = pollCounts.count
            pollIndex[ValueBytes(pollScratch)] = index
            pollKeys.append(key)
            pollCounts.append(PollCount())
        }
        plan.lastPoll.key.removeAll(keepingCapacity: true)
        plan.lastPoll.key.append(contentsOf: pollScratch)
        plan.lastPoll.index = index
        if index >= 0 { pollCounts[index].note(Double(micros) / 1e6) }
        if let live {
            let since = pollsHandedAt ?? micros
            pollsHandedAt = since
            if micros - since >= Self.pollHandOverMicros {
                live.add(polls: pollKeys, pollCounts)
                for i in pollCounts.indices { pollCounts[i] = PollCount() }
                pollsHandedAt = micros
            }
        }
    }

    /// The same combination, taken from a row read whole, marked apart from those read in place.
    private func combination(of record: EventRecord, _ schema: LogSchema) {
        scratch = [UInt8(truncatingIfNeeded: schema.number), UInt8(truncatingIfNeeded: schema.number >> 8)]
        functionStart = nil
        func add(_ value: String?) {
            scratch.append(contentsOf: (value ?? "").utf8)
            scratch.append(0xFF)
        }
        for field in ["id.orig_h", "id.resp_h", "id.resp_p"] { add(record.text(field)) }
        pairEnd = scratch.count
        var fields = Self.protocolFields(of: record.log)
        if let spec = PointFields.of(record.log) {
            fields += [spec.gate] + spec.points
            if let key = BaselineLearner.key(record), checker.readsPoints(key) { fields += spec.values }
        }
        for field in fields { add(record.text(field)) }
        // Marked apart from the combinations read in place, before the function.
        scratch.append(0xFE)
        guard let function = FunctionField.of(record.log)?.function(in: record) else { return }
        functionStart = scratch.count
        add(function)
    }

    /// The fields after the pair that a difference may lie in (`Plan.protocols`), beside
    /// the points (`PointFields`): conn.log's transport and services
    /// (`BaselineChecker.newProtocols`).
    static func protocolFields(of log: String) -> [String] { log == "conn" ? ["proto", "service"] : [] }

    /// Where a value read in place ends in its row: past its closing quote if it is a string.
    private func end(of value: UnsafeRawBufferPointer, at start: Int, in row: UnsafeRawBufferPointer) -> Int {
        row.baseAddress!.distance(to: value.baseAddress!) + value.count + (row[start] == UInt8(ascii: "\"") ? 1 : 0)
    }

    private func unreadable() -> Bool {
        scratch.removeAll(keepingCapacity: true)
        return false
    }

    /// A value's bytes and a separator no UTF-8 text holds.
    private func append(_ value: UnsafeRawBufferPointer) {
        scratch.append(contentsOf: value)
        scratch.append(0xFF)
    }

    /// Where a field's value begins: where its writer noted it, or found by its name, first
    /// at `expectedAt` (where the field before it ends), then anywhere in the row.
    private func valueStart(_ row: UnsafeRawBufferPointer, _ starts: RowFieldStarts?, _ field: Plan.Field, expectedAt: Int = 0) -> Int? {
        switch starts?.place(field.index) {
        case .unset: return nil
        case .at(let offset): return offset
        case .inBlock, nil:
            let key = field.nextKey
            if expectedAt > 0, expectedAt + key.count <= row.count,
                key.withUnsafeBytes({ memcmp(row.baseAddress! + expectedAt, $0.baseAddress!, key.count) }) == 0
            {
                return expectedAt + key.count
            }
            return JSONRowParser.valueStart(keyPattern: field.key, in: row)
        }
    }

    /// A time as the logs write it (seconds, a point, up to six decimals) in microseconds.
    static func micros(_ text: UnsafeRawBufferPointer) -> Int64? {
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var decimals = -1
        for byte in text {
            if byte == UInt8(ascii: "."), decimals < 0 {
                decimals = 0
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), decimals < 6, whole < 1 << 40 {
                if decimals < 0 {
                    whole = whole * 10 + Int64(byte - UInt8(ascii: "0"))
                } else {
                    fraction = fraction * 10 + Int64(byte - UInt8(ascii: "0"))
                    decimals += 1
                }
            } else {
                return nil
            }
        }
        for _ in max(decimals, 0)..<6 { fraction *= 10 }
        return whole * 1_000_000 + fraction
    }

    /// What the workers' rows differ from the baseline in, each difference once, and the
    /// devices whose identity changed: the rows the workers kept, read log by log (in the
    /// order of their names, as `baseline check` reads a folder) and by time, so that one
    /// worker and several name the same differences from the same rows. The time of an
    /// identity change is the latest row's.
    public static func deviations(_ workers: [StreamBaseline], identities: [String: BaselineAsset]) -> [BaselineChecker.Deviation] {
        guard var checker = workers.first?.checker else { return [] }
        let rows = workers.flatMap { w in zip(w.kept, w.keptMicros) }.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.0.log != y.0.log { return x.0.log < y.0.log }
            return x.1 != y.1 ? x.1 < y.1 : a.offset < b.offset
        }
        let checked = rows.flatMap { checker.check($0.element.0) }
        var out = checker.withValueExtents(checked) + checker.sweepSummaries()
        var polls: [BaselineLearner.PollKey: PollCount] = [:]
        for w in workers {
            for (key, count) in zip(w.pollKeys, w.pollCounts) { polls[key, default: PollCount()].add(count) }
        }
        out += checker.periodChanges(polls)
        let latest = workers.compactMap(\.latestMicros).max()
        out += checker.identityChanges(identities, at: latest.map { Double($0) / 1e6 })
        return out
    }
}
