import Foundation
import Testing
import VigilCore
import VigilDecode
import VigilInventory
import VigilLogs

@testable import VigilSensor

/// Spreading a run over several workers must not change what it writes: for every corpus
/// capture, every log, assets.json and map.json with three workers equal those with one, as
/// sorted lines (rows of different workers interleave in a file).
@Suite struct WorkerEquivalenceTests {
    /// Runs `capture` on `workers` pipelines into a fresh folder; returns each output file's
    /// sorted lines, TSV's `#open`/`#close` aside (the time the first writer opened a file).
    static func outputs(_ capture: String, workers: Int, format: LogFormat) throws -> [String: [Substring]] {
        let dir = NSTemporaryDirectory() + "vigil-workers-\(UUID().uuidString)"
        try? FileManager.default.removeItem(atPath: dir)
        let files = try LogFiles(directory: dir, format: format)
        let pipeline = ShardedPipeline(workers: workers, files: files)
        _ = CaptureRunner().run(path: capture, into: pipeline)
        pipeline.finish()
        files.close(now: .zero)
        try FileSystem.writeFile(dir + "/assets.json", InventoryJSON.assets(pipeline.inventory))
        try FileSystem.writeFile(dir + "/map.json", InventoryJSON.map(pipeline.inventory))
        var out: [String: [Substring]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            let text = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
            out[name] = text.split(separator: "\n").filter { !$0.hasPrefix("#open") && !$0.hasPrefix("#close") }.sorted()
        }
        try FileManager.default.removeItem(atPath: dir)
        return out
    }

    @Test func threeWorkersWriteWhatOneWrites() throws {
        try #require(Corpus.available, "the shared corpus must be present at ../shared/corpus")
        let captures = try Corpus.manifest().map(\.file).filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") || $0.hasSuffix(".cap") }
        var differing: [String] = []
        var rows = 0
        for capture in captures {
            let path = Corpus.root.appendingPathComponent(capture).path
            let one = try Self.outputs(path, workers: 1, format: .json)
            let three = try Self.outputs(path, workers: 3, format: .json)
            rows += one.values.reduce(0) { $0 + $1.count }
            for name in Set(one.keys).union(three.keys).sorted() where one[name] != three[name] {
                differing.append("\(capture): \(name) (\(one[name]?.count ?? 0) lines with 1 worker, \(three[name]?.count ?? 0) with 3)")
            }
        }
        print("== workers: \(captures.count) captures, \(rows) lines compared between 1 and 3 workers ==")
        #expect(captures.count > 100)
        #expect(differing.isEmpty, Comment(rawValue: differing.prefix(20).joined(separator: "\n")))
    }

    /// TSV too, on the captures that exercise the most logs, and on tunnels (whose rows depend on
    /// when connections end).
    @Test(arguments: ["samples/city-sample.pcap", "samples/opcua-buildinfo.pcap", "samples/tunnels.pcap"])
    func tsvIsTheSameToo(sample: String) throws {
        let path = Corpus.packageRoot.appendingPathComponent(sample).path
        let one = try Self.outputs(path, workers: 1, format: .tsv)
        #expect(one.count > 3)
        #expect(one == (try Self.outputs(path, workers: 3, format: .tsv)))
    }

    /// Both directions of an address pair have one hash; DHCP and non-IP frames have none
    /// (worker 0).
    @Test func theShardHashIsSymmetric() {
        func frame(_ src: [UInt8], _ dst: [UInt8], sport: UInt16, dport: UInt16) -> [UInt8] {
            var f = [UInt8](repeating: 0, count: 14) + [0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0] + src + dst
            f[12] = 0x08
            f += [UInt8(sport >> 8), UInt8(sport & 0xFF), UInt8(dport >> 8), UInt8(dport & 0xFF), 0, 8, 0, 0]
            return f
        }
        var hashes = Set<UInt64>()
        for i in 0..<64 {
            let a: [UInt8] = [10, 0, 0, UInt8(i)]
            let b: [UInt8] = [10, 1, UInt8(i), 7]
            let there = frame(a, b, sport: 40000, dport: 502).withUnsafeBytes { FlowShard.hash(linkType: 1, $0) }
            let back = frame(b, a, sport: 502, dport: 40000).withUnsafeBytes { FlowShard.hash(linkType: 1, $0) }
            #expect(there != nil && there == back)
            if let there { hashes.insert(there) }
        }
        #expect(hashes.count == 64, "64 address pairs, 64 hashes")
        // DHCP goes to worker 0 whatever its addresses, so one worker sees a whole exchange.
        let dhcp = frame([0, 0, 0, 0], [255, 255, 255, 255], sport: 68, dport: 67)
        #expect(dhcp.withUnsafeBytes { FlowShard.hash(linkType: 1, $0) } == nil)
    }
}

extension WorkerEquivalenceTests {
    /// An Ethernet frame with a UDP datagram from 10.0.0.`src` to 10.0.0.`dst`.
    static func udpFrame(src: UInt8, dst: UInt8, sport: UInt16, dport: UInt16) -> [UInt8] {
        var frame = [UInt8](repeating: 0, count: 12) + [0x08, 0x00]
        frame += [0x45, 0, 0, 32, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, src, 10, 0, 0, dst]
        frame += [UInt8(sport >> 8), UInt8(sport & 0xFF), UInt8(dport >> 8), UInt8(dport & 0xFF), 0, 12, 0, 0, 1, 2, 3, 4]
        return frame
    }

    /// A pcap of UDP packets (Ethernet, IPv4) at the given times, in file order.
    static func udpCapture(_ packets: [(seconds: UInt32, src: UInt8, dst: UInt8, sport: UInt16, dport: UInt16)]) -> String {
        func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        var b = le32(0xA1B2_C3D4) + [2, 0, 4, 0] + le32(0) + le32(0) + le32(65535) + le32(1)
        for p in packets {
            let frame = udpFrame(src: p.src, dst: p.dst, sport: p.sport, dport: p.dport)
            b += le32(p.seconds) + le32(0) + le32(UInt32(frame.count)) + le32(UInt32(frame.count)) + frame
        }
        let path = NSTemporaryDirectory() + "vigil-clock-\(UUID().uuidString).pcap"
        FileManager.default.createFile(atPath: path, contents: Data(b))
        return path
    }

    /// Joined captures make time jump forward and back. Flows time out against the run's
    /// network time (the latest packet time so far), not against what one worker saw, so a
    /// flow that a single table would have timed out is timed out in every worker.
    @Test func timeJumpsBackGiveTheSameConnectionsForAnyWorkerCount() throws {
        let capture = Self.udpCapture([
            (1000, 1, 2, 5000, 8080), (1001, 2, 1, 8080, 5000),  // a flow at t=1000, both ways
            (90000, 3, 4, 6000, 8080),  // another pair, a day later: the first flow is long idle
            (1010, 1, 2, 5000, 8080),  // the first flow's tuple again, back at t=1010
        ])
        // With three workers the second pair goes to another worker than the first (the least
        // loaded), so the first pair's worker never sees t=90000 itself.
        let one = try Self.outputs(capture, workers: 1, format: .json)
        let three = try Self.outputs(capture, workers: 3, format: .json)
        #expect(one["conn.log"]?.count == 3)
        // The first pair's bucket, idle since t=1001 by the run's clock, moved to the least
        // loaded worker: its last packet went to a third worker.
        let dir = NSTemporaryDirectory() + "vigil-assign-\(UUID().uuidString)"
        let pipeline = ShardedPipeline(workers: 3, files: try LogFiles(directory: dir, format: .json))
        _ = CaptureRunner().run(path: capture, into: pipeline)
        pipeline.finish()
        #expect(pipeline.packetsPerWorker == [2, 1, 1])
        try? FileManager.default.removeItem(atPath: dir)
        #expect(one == three)
    }
}

/// Buckets go to the least-loaded worker that is not behind, stay while in use, and move only
/// after being idle longer than any flow lives.
@Suite struct ShardAssignmentTests {
    func t(_ s: Int64) -> Timestamp { Timestamp(seconds: s, nanos: 0) }

    @Test func aBusyBucketStaysAndAnIdleOneMoves() {
        var a = ShardAssignment(workers: 2, limits: .default)
        #expect(a.worker(hash: 1, now: t(0)) == 0)
        for s in 1...100 { #expect(a.worker(hash: 1, now: t(Int64(s))) == 0) }  // heavy pair stays put
        #expect(a.worker(hash: 2, now: t(100)) == 1)  // a new pair goes to the idler worker
        #expect(a.worker(hash: 1, now: t(400)) == 0)  // idle 300 s: within TCP's timeout, stays
        // Idle past the longest timeout (300 s) and two sweeps: moves to the least loaded.
        #expect(a.worker(hash: 1, now: t(721)) == 1)
        #expect(a.worker(hash: nil, now: t(722)) == 0)  // DHCP and non-IP: always worker 0
    }

    /// A worker with a long queue takes no new pair, however few packets it was given: its
    /// pairs cost more than their count says. Its pairs in use stay with it.
    @Test func aWorkerThatIsBehindTakesNoNewBucket() {
        var a = ShardAssignment(workers: 3, limits: .default)
        var queued = [0, 0, 0]
        #expect(a.worker(hash: 1, now: t(0)) { queued[$0] } == 0)
        #expect(a.worker(hash: 2, now: t(0)) { queued[$0] } == 1)
        queued[2] = ShardAssignment.behindBatches
        #expect(a.worker(hash: 3, now: t(0)) { queued[$0] } == 1)  // worker 2 has fewer packets, but is behind
        queued[1] = ShardAssignment.behindBatches
        #expect(a.worker(hash: 4, now: t(0)) { queued[$0] } == 0)  // both behind: worker 0, which has no queue
        #expect(a.worker(hash: 2, now: t(1)) { queued[$0] } == 1)  // a pair in use stays where it is
        queued = [0, 0, ShardAssignment.behindBatches - 1]
        #expect(a.worker(hash: 5, now: t(1)) { queued[$0] } == 2)  // caught up: the fewest packets again
    }
}
