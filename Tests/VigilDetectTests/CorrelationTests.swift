import Foundation
import Testing

@testable import VigilDetect

/// Sigma correlation rules (event_count, value_count, temporal, temporal_ordered) over the
/// matches of the rules they name, grouped and windowed.
@Suite struct CorrelationTests {
    static let base = """
        title: write
        id: 00000000-0000-4000-8000-0000000000a1
        name: write
        logsource:
            product: zeek
            service: modbus
        detection:
            s:
                func: WRITE
            condition: s
        ---
        title: stop
        id: 00000000-0000-4000-8000-0000000000a2
        name: stop
        logsource:
            product: zeek
            service: modbus
        detection:
            s:
                func: STOP
            condition: s
        """

    static func correlation(_ body: String) -> String {
        "\n---\ntitle: corr\nid: 00000000-0000-4000-8000-0000000000c1\nlevel: high\ncorrelation:\n" + body
    }

    /// Runs the rules over rows (time, source, target, function) and returns the correlation's
    /// hits and how many base matches still raise alerts of their own.
    func run(_ yaml: String, _ rows: [(Double, String, String, String)]) throws -> (hits: [Correlator.Hit], own: Int) {
        let pack = RuleLoader().load(yaml: Self.base + yaml, file: "c.yml")
        #expect(pack.errors.isEmpty, "\(pack.errors)")
        let correlator = try Correlator(pack.correlations, detection: pack.rules)
        let rules = RuleSet(pack.rules)
        var own = 0
        for (t, src, dst, f) in rows {
            let r = EventRecord(
                log: "modbus",
                fields: [("ts", .number(String(t))), ("id.orig_h", .text(src)), ("id.resp_h", .text(dst)), ("func", .text(f))])
            rules.evaluate(r) { rule in if correlator.observe(rule, r) { own += 1 } }
        }
        return (correlator.evaluate(), own)
    }

    @Test func eventCountPerGroupWithinTheSpan() throws {
        let yaml = Self.correlation(
            "    type: event_count\n    rules: [write]\n    group-by: [id.orig_h]\n    timespan: 10s\n    condition:\n        gte: 3\n")
        // Three writes from .5 within 10 s; .6's three are spread over 30 s; .5 again later.
        let rows = [
            (0.0, "10.0.0.5", "a", "WRITE"), (1, "10.0.0.6", "a", "WRITE"), (4, "10.0.0.5", "b", "WRITE"), (9, "10.0.0.5", "a", "WRITE"),
            (15, "10.0.0.6", "a", "WRITE"), (30, "10.0.0.6", "a", "WRITE"), (40, "10.0.0.5", "a", "READ"),
        ]
        let (hits, own) = try run(yaml, rows.map { ($0.0, $0.1, $0.2, $0.3) })
        #expect(hits.count == 1)
        #expect(hits.first?.group.map(\.value) == ["10.0.0.5"])
        #expect(hits.first?.count == 3)
        #expect(hits.first?.first == 0)
        #expect(own == 0, "generate defaults to false: the writes raise nothing of their own")
    }

    /// A sweep that goes on: once the condition held, the group is quiet for one timespan,
    /// then counted afresh; another group is not held back by it.
    @Test func aGroupIsQuietForOneTimespanAfterItsAlert() throws {
        let yaml = Self.correlation(
            "    type: event_count\n    rules: [write]\n    group-by: [id.orig_h]\n    timespan: 10s\n    condition:\n        gte: 3\n")
        // One write a second from .5 for 30 s; .6 writes three times inside .5's quiet time.
        var rows = (0..<30).map { (Double($0), "10.0.0.5", "a", "WRITE") }
        rows += [(3.5, "10.0.0.6", "a", "WRITE"), (4.5, "10.0.0.6", "a", "WRITE"), (5.5, "10.0.0.6", "a", "WRITE")]
        let hits = try run(yaml, rows).hits
        // .5: at 2 (0, 1, 2), quiet until 12, then at 14 (12, 13, 14), quiet until 24, at 26.
        #expect(hits.filter { $0.group.first?.value == "10.0.0.5" }.map { $0.last.value("ts")?.number } == [2, 14, 26])
        #expect(hits.filter { $0.group.first?.value == "10.0.0.6" }.map { $0.last.value("ts")?.number } == [5.5])
    }

    @Test func rowsOutOfOrderGiveTheSameHits() throws {
        let yaml = Self.correlation(
            "    type: event_count\n    rules: [write]\n    group-by: [id.orig_h]\n    timespan: 10s\n    condition:\n        gte: 3\n")
        let rows = [(9.0, "h", "a", "WRITE"), (0, "h", "a", "WRITE"), (4, "h", "a", "WRITE")]
        #expect(try run(yaml, rows).hits.count == 1)
    }

    @Test func valueCountCountsDistinctValues() throws {
        let yaml = Self.correlation(
            "    type: value_count\n    rules: [write]\n    group-by: [id.orig_h]\n    timespan: 1m\n    condition:\n        field: id.resp_h\n        gte: 3\n    generate: true\n"
        )
        let same = (0..<10).map { (Double($0), "h", "a", "WRITE") }
        #expect(try run(yaml, same).hits.isEmpty, "ten writes to one target are one value")
        let sweep = (0..<3).map { (Double($0), "h", "t\($0)", "WRITE") }
        let (hits, own) = try run(yaml, sweep)
        #expect(hits.first?.count == 3)
        #expect(own == 3, "generate: true keeps the writes' own alerts")
    }

    @Test func temporalNeedsEveryRuleInTheSpan() throws {
        let yaml = Self.correlation("    type: temporal\n    rules: [stop, write]\n    group-by: [id.orig_h]\n    timespan: 5m\n")
        #expect(try run(yaml, [(0, "h", "a", "STOP"), (100, "h", "a", "WRITE")]).hits.count == 1, "any order")
        #expect(try run(yaml, [(0, "h", "a", "STOP"), (400, "h", "a", "WRITE")]).hits.isEmpty, "too far apart")
        #expect(try run(yaml, [(0, "h", "a", "STOP"), (10, "g", "a", "WRITE")]).hits.isEmpty, "different groups")
    }

    @Test func temporalOrderedNeedsTheOrder() throws {
        let yaml = Self.correlation("    type: temporal_ordered\n    rules: [write, stop]\n    group-by: [id.orig_h]\n    timespan: 5m\n")
        #expect(try run(yaml, [(0, "h", "a", "WRITE"), (10, "h", "a", "STOP")]).hits.count == 1)
        #expect(try run(yaml, [(0, "h", "a", "STOP"), (10, "h", "a", "WRITE")]).hits.isEmpty)
    }

    /// A live sensor evaluates every second up to a watermark; the alerts must be those of one
    /// evaluation at the end, each raised as soon as the watermark passes its last match.
    @Test func evaluatingUpToWatermarksGivesTheHitsOfOneEvaluation() throws {
        let yaml = Self.correlation(
            "    type: event_count\n    rules: [write]\n    group-by: [id.orig_h]\n    timespan: 10s\n    condition:\n        gte: 3\n")
        var rows: [(Double, String, String, String)] = []
        for i in 0..<200 {
            let t = Double(i) * 0.7
            rows.append((t, "10.0.0.\(i % 3)", "plc", i % 7 == 0 ? "READ" : "WRITE"))
        }
        let pack = RuleLoader().load(yaml: Self.base + yaml, file: "c.yml")
        let once = try Correlator(pack.correlations, detection: pack.rules)
        let live = try Correlator(pack.correlations, detection: pack.rules)
        let rules = RuleSet(pack.rules)
        var liveHits: [Correlator.Hit] = []
        for (t, src, dst, f) in rows {
            let r = EventRecord(
                log: "modbus",
                fields: [("ts", .number(String(t))), ("id.orig_h", .text(src)), ("id.resp_h", .text(dst)), ("func", .text(f))])
            rules.evaluate(r) { rule in
                _ = once.observe(rule, r)
                _ = live.observe(rule, r)
            }
            // Every "second" of network time, up to two seconds back.
            if t.truncatingRemainder(dividingBy: 1) < 0.7 { liveHits += live.evaluate(upTo: t - 2) }
        }
        liveHits += live.evaluate()
        let all = once.evaluate()
        func ids(_ hits: [Correlator.Hit]) -> [String] {
            hits.map { "\($0.group.map(\.value)) \($0.count) \($0.first) \($0.last.value("ts")?.number ?? -1)" }
        }
        #expect(all.count > 20)
        #expect(ids(liveHits) == ids(all))
    }

    /// A flood of matches that never meets the condition (one host asking one target again
    /// and again, where the rule counts targets) stays one window: each match is counted once,
    /// however long the window has grown. Counting the window afresh for each match took a
    /// minute for forty thousand matches, and never ended for a long flood.
    @Test func aLongFloodIsCountedOnceForEachMatch() throws {
        let yaml = Self.correlation(
            "    type: value_count\n    rules: [write]\n    group-by: [id.orig_h]\n    timespan: 1h\n    condition:\n        field: id.resp_h\n        gte: 3\n"
        )
        var rows = (0..<100_000).map { (Double($0) * 0.01, "h", "plc", "WRITE") }
        #expect(try run(yaml, rows).hits.isEmpty)
        rows += [(1000.5, "h", "plc-2", "WRITE"), (1000.6, "h", "plc-3", "WRITE")]
        let hits = try run(yaml, rows).hits
        #expect(hits.map(\.count) == [3])
        #expect(hits.first?.events == 100_002)
        #expect(hits.first?.first == 0)
    }

    /// Every kind of correlation, on pseudo-random matches, raises the hits that counting each
    /// window afresh for every match raises (the definition, written plainly below).
    @Test(arguments: ["event_count", "value_count", "temporal", "temporal_ordered"])
    func windowsKeptUpToDateCountAsCountingAfresh(kind: String) throws {
        var condition = "    condition:\n        gte: 4\n"
        if kind == "value_count" { condition = "    condition:\n        field: id.resp_h\n        gte: 3\n" }
        if kind.hasPrefix("temporal") { condition = "" }
        let yaml = Self.correlation(
            "    type: \(kind)\n    rules: [write, stop]\n    group-by: [id.orig_h]\n    timespan: 10s\n" + condition)
        var seed: UInt64 = 0x5eed
        func next(_ n: UInt64) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % n)
        }
        var rows: [(Double, String, String, String)] = []
        var t = 0.0
        for _ in 0..<3000 {
            t += Double(next(40)) / 10
            rows.append((t, "h\(next(3))", "t\(next(4))", next(2) == 0 ? "WRITE" : "STOP"))
        }
        let hits = try run(yaml, rows).hits
        // The definition: per group, in time order, outside the quiet time after an alert, the
        // window is the matches since the last alert inside the timespan; measured afresh.
        var expected: [String] = []
        var windows: [String: [(t: Double, target: String, member: Int)]] = [:]
        var quiet: [String: Double] = [:]
        for (time, source, target, f) in rows {
            if let q = quiet[source], time < q { continue }
            var w = windows[source, default: []]
            w.append((time, target, f == "WRITE" ? 0 : 1))
            w.removeAll { $0.t < time - 10 }
            let n: Int
            switch kind {
            case "event_count": n = w.count
            case "value_count": n = Set(w.map(\.target)).count
            case "temporal": n = Set(w.map(\.member)).count
            default:
                // How many of the rules matched in their order, each after the one before it.
                n = w.reduce(0) { next, m in m.member == next && next < 2 ? next + 1 : next }
            }
            let needed = kind == "event_count" ? 4 : kind == "value_count" ? 3 : 2
            if n >= needed {
                expected.append("\(source) \(n) \(w.count) \(w[0].t) \(time)")
                w.removeAll()
                quiet[source] = time + 10
            }
            windows[source] = w
        }
        let got = hits.map { "\($0.group[0].value) \($0.count) \($0.events) \($0.first) \($0.last.value("ts")?.number ?? -1)" }
        #expect(expected.count > 20)
        #expect(got.sorted() == expected.sorted())
    }

    @Test func badCorrelationsAreNamed() throws {
        func errors(_ body: String) -> [String] {
            RuleLoader().load(yaml: Self.base + Self.correlation(body), file: "c.yml").errors.map(\.description)
        }
        #expect(errors("    type: events\n    rules: [write]\n    timespan: 1m\n").first?.contains("correlation.type") == true)
        #expect(
            errors("    type: event_count\n    rules: [write]\n    timespan: 1w\n    condition: {gte: 1}\n").first?.contains("timespan")
                == true)
        #expect(errors("    type: event_count\n    rules: [write]\n    timespan: 1m\n").first?.contains("needs a condition") == true)
        #expect(
            errors("    type: value_count\n    rules: [write]\n    timespan: 1m\n    condition: {gte: 2}\n").first?.contains("field")
                == true)
        let pack = RuleLoader().load(
            yaml: Self.base + Self.correlation("    type: temporal\n    rules: [write, nowhere]\n    timespan: 1m\n"), file: "c.yml")
        #expect(throws: RuleLoadError.self) { try Correlator(pack.correlations, detection: pack.rules) }
    }
}
