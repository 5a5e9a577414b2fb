import Foundation
import Testing
import VigilDetect

/// Live capture in a network namespace: `vigil sensor` on one end of a veth pair while curl
/// fetches a page over it, with tcpdump recording the same interface. The sensor's logs must
/// equal `vigil analyze` of tcpdump's capture (ts, uid and file ids aside, and duration, because the
/// two clocks stamp packets microseconds apart). Needs root, as CI has.
@Suite(.serialized) struct LiveCaptureTests {
    static func sh(_ command: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", command]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard p.terminationStatus == 0 else { throw LiveError.command(command, text) }
        return text
    }

    enum LiveError: Error { case command(String, String) }

    static func rows(_ path: String, dropping: Set<String>) throws -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").compactMap { line in
            var obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            // Only the test's own TCP traffic: IPv6 neighbour discovery on a fresh veth may
            // start before one capture and after the other.
            if let proto = obj["proto"] as? String, proto != "tcp" { return nil }
            for k in dropping { obj[k] = nil }
            return String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]), as: UTF8.self)
        }.sorted()
    }

    /// The debug build's vigil, for a test that captures live: it needs root (CI runs as root).
    static func liveSensorBinary() throws -> String {
        try #require(getuid() == 0, "live capture needs root (CI runs as root)")
        let vigil = Corpus.packageRoot.appendingPathComponent(".build/debug/vigil").path
        try #require(FileManager.default.isExecutableFile(atPath: vigil), "build vigil first (swift build)")
        return vigil
    }

    /// Shell lines that make two namespaces `$A` and `$B` joined by a veth pair whose ends are
    /// up, and remove both (and whatever runs in them) when the script exits; `$D` is `dir`.
    static func namespacePair(a: String, b: String, links: (String, String), dir: String) -> String {
        """
        set -e
        A=\(a) B=\(b) D=\(dir)
        cleanup() { set +e; for p in $(ip netns pids $A) $(ip netns pids $B); do kill -9 $p; done; sleep 0.3; ip netns del $A; ip netns del $B; }
        trap cleanup EXIT
        ip netns del $A 2>/dev/null || true; ip netns del $B 2>/dev/null || true
        ip netns add $A; ip netns add $B
        ip link add \(links.0) type veth peer name \(links.1)
        ip link set \(links.0) netns $A; ip link set \(links.1) netns $B
        ip -n $A link set \(links.0) up; ip -n $B link set \(links.1) up
        """
    }

    @Test func liveSensorLogsEqualOfflineAnalysisOfTheSameTraffic() throws {
        let vigil = try Self.liveSensorBinary()
        let dir = NSTemporaryDirectory() + "vigil-live-\(getpid())"
        let script = """
            \(Self.namespacePair(a: "vigil-live-a", b: "vigil-live-b", links: ("vla0", "vlb0"), dir: dir))
            mkdir -p $D/www && echo 'tram stop 7' > $D/www/index.html
            ip -n $A addr add 10.78.0.1/24 dev vla0; ip -n $B addr add 10.78.0.2/24 dev vlb0
            ip -n $A link set lo up
            # HTTP/1.1 keeps each connection open until curl closes it, so the client's FIN
            # always comes first. With HTTP/1.0 both ends close at once, and two taps on one
            # interface may see two FINs sent at the same moment from two CPUs in either order.
            ip netns exec $A python3 -m http.server 8080 --protocol HTTP/1.1 --bind 10.78.0.1 --directory $D/www >/dev/null 2>&1 &
            ip netns exec $A \(vigil) sensor --interface vla0 --out $D/live --inventory-seconds 1 --workers 2 >$D/sensor.txt 2>&1 &
            SENSOR=$!
            ip netns exec $A tcpdump -i vla0 -U -w $D/cap.pcap >/dev/null 2>&1 &
            TCPDUMP=$!
            sleep 2
            for i in 1 2 3; do ip netns exec $B curl -s -o /dev/null -A live-test http://10.78.0.1:8080/; done
            sleep 2.5
            cp $D/live/assets.json $D/assets-while-running.json
            kill -INT $SENSOR; wait $SENSOR
            kill -9 $TCPDUMP; wait $TCPDUMP || true  # -U wrote every packet; the test runner may leave SIGTERM blocked
            \(vigil) analyze -q $D/cap.pcap --out $D/offline
            """
        _ = try Self.sh(script)
        // File ids are computed from the connection's uid, so they differ as uids do.
        let dropped: Set<String> = ["ts", "uid", "duration", "rtt", "fuid", "orig_fuids", "resp_fuids"]
        for log in ["conn", "http", "files"] {
            let live = try Self.rows("\(dir)/live/\(log).log", dropping: dropped)
            let offline = try Self.rows("\(dir)/offline/\(log).log", dropping: dropped)
            print("live capture \(log).log: \(live.count) rows live, \(offline.count) offline")
            #expect(!offline.isEmpty, "tcpdump saw no \(log) traffic")
            #expect(live == offline, "\(log).log differs between live and offline")
        }
        #expect(FileManager.default.fileExists(atPath: "\(dir)/live/assets.json"), "SIGINT must still write the inventory")
        // Published while the sensor ran (every second here), not only when it stopped.
        let running = try String(contentsOfFile: "\(dir)/assets-while-running.json", encoding: .utf8)
        #expect(running.contains("\"10.78.0.1\""), "the running sensor's assets.json names the web server")
        #expect(running.contains("http_server"))
    }

    /// A sensor with a baseline names each difference in notice.log while it runs, as the row
    /// showing it is written: the attack sample replayed onto its interface against the bundled
    /// sample's baseline gives, before the sensor stops, the differences `analyze --baseline`
    /// names for the same capture.
    @Test func liveSensorNamesBaselineDifferencesWhileItRuns() throws {
        let vigil = try Self.liveSensorBinary()
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tcpreplay"), "tcpreplay is required (.ci/run installs it)")
        let dir = NSTemporaryDirectory() + "vigil-live-baseline-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(try CommandLineTests.run(["analyze", "-q", CommandLineTests.sample, "--out", dir + "/normal"]).status == 0)
        #expect(try CommandLineTests.run(["baseline", "learn", dir + "/normal", "--out", dir + "/baseline.json"]).status == 0)
        let attack = BaselineCommandTests.attack
        #expect(
            try CommandLineTests.run(["analyze", "-q", attack, "--out", dir + "/offline", "--baseline", dir + "/baseline.json"]).status == 0
        )
        let script = """
            \(Self.namespacePair(a: "vigil-base-a", b: "vigil-base-b", links: ("vba0", "vbb0"), dir: dir))
            ip netns exec $A \(vigil) sensor --interface vba0 --out $D/live --workers 2 --baseline $D/baseline.json >$D/sensor.txt 2>&1 &
            SENSOR=$!
            sleep 2
            ip netns exec $B tcpreplay -q -i vbb0 \(attack) >/dev/null 2>&1
            sleep 3
            cp $D/live/notice.log $D/notice-while-running.log
            kill -INT $SENSOR; wait $SENSOR
            """
        _ = try Self.sh(script)
        func differences(_ path: String) throws -> [String] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { $0.contains("\"rule_id\":\"baseline\"") }
                .compactMap { line in
                    let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                    return object?["msg"] as? String
                }.sorted()
        }
        let offline = try differences(dir + "/offline/notice.log")
        #expect(offline.count == 31)
        // While it runs: what the OT logs' rows show, written as each message is. A pair seen
        // only in conn.log (ICMPv6, port 9000) is named when its connection ends.
        let running = try differences(dir + "/notice-while-running.log")
        for expected in [
            "New device 10.79.0.66", "New communication 10.79.0.66 → 10.79.0.1:502",
            "New modbus function WRITE_SINGLE_REGISTER on 10.79.0.66 → 10.79.0.1:502",
            "New s7comm function PLC Stop on 10.79.0.66 → 10.79.0.1:102",
        ] {
            #expect(running.contains(expected), "\(running)")
        }
        #expect(Set(running).isSubset(of: offline))
        // Once stopped: every one, each once; the rest is the namespaces' own IPv6 link-local
        // chatter (router solicitations, multicast listener reports), not in the capture.
        let final = try differences(dir + "/live/notice.log")
        #expect(Set(final).count == final.count)
        #expect(Set(offline).isSubset(of: final))
        #expect(final.filter { !offline.contains($0) && !$0.contains("fe80::") && !$0.contains(":: →") }.isEmpty, "\(final)")
    }

    /// A live sensor counts a sweep across its workers: nmap's sweep sample replayed onto its
    /// interface names the intruder's first pairs one by one, and its `Baseline::Sweep`
    /// notices add up to every other pair of the intruder in the sensor's conn.log, none
    /// counted twice. (Refused and reset connections end, and their rows are written, when
    /// the flow times out or the sensor stops.)
    @Test func liveSensorCountsASweepOnce() throws {
        let vigil = try Self.liveSensorBinary()
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tcpreplay"), "tcpreplay is required (.ci/run installs it)")
        let dir = NSTemporaryDirectory() + "vigil-live-sweep-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try CommandLineTests.run(["analyze", "-q", CommandLineTests.sample, "--out", dir + "/normal"]).status == 0)
        #expect(try CommandLineTests.run(["baseline", "learn", dir + "/normal", "--out", dir + "/baseline.json"]).status == 0)
        let script = """
            \(Self.namespacePair(a: "vigil-sweep-a", b: "vigil-sweep-b", links: ("vsa0", "vsb0"), dir: dir))
            ip netns exec $A \(vigil) sensor --interface vsa0 --out $D/live --workers 2 --inventory-seconds 1 \\
              --baseline $D/baseline.json >$D/sensor.txt 2>&1 &
            SENSOR=$!
            sleep 2
            ip netns exec $B tcpreplay -q --pps 1000 -i vsb0 \(SweepSampleTests.capture) >/dev/null 2>&1
            sleep 2
            kill -INT $SENSOR; wait $SENSOR
            """
        _ = try Self.sh(script)
        func intruders(_ log: String) throws -> [[String: Any]] {
            try ScanSampleTests.rows(dir + "/live", log).filter {
                ($0["src"] ?? $0["id.orig_h"]) as? String == SweepSampleTests.intruder
            }
        }
        let pairs = Set(try intruders("conn").map { "\($0["id.resp_h"] ?? ""):\($0["id.resp_p"] ?? "")" })
        #expect(pairs.count > 900, "the sensor saw the sweep (\(pairs.count) of 1024 pairs)")
        let notices = try intruders("notice")
        let named = notices.filter { $0["note"] as? String == "Baseline::New_Pair" }
        #expect(named.count == BaselineChecker.pairsNamedPerClient)
        let counted = notices.filter { $0["note"] as? String == "Baseline::Sweep" }.reduce(0) { $0 + ($1["n"] as? Int ?? 0) }
        #expect(named.count + counted == pairs.count, "every pair of the intruder named or counted, once")
    }

    /// A sensor given a learning window learns the bundled sample replayed during it, writes
    /// the baseline when the window ends, and names the attack sample replayed after it. The
    /// window starts with the first row, the sample or the namespaces' own IPv6 chatter.
    @Test func liveSensorLearnsABaselineThenChecksIt() throws {
        let vigil = try Self.liveSensorBinary()
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tcpreplay"), "tcpreplay is required (.ci/run installs it)")
        let dir = NSTemporaryDirectory() + "vigil-live-learn-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let script = """
            \(Self.namespacePair(a: "vigil-learn-a", b: "vigil-learn-b", links: ("vla0", "vlb0"), dir: dir))
            ip netns exec $A \(vigil) sensor --interface vla0 --out $D/live --workers 2 --learn-baseline $D/learned.json \\
              --learn-seconds 8 >$D/sensor.txt 2>&1 &
            SENSOR=$!
            sleep 2
            ip netns exec $B tcpreplay -q -i vlb0 \(CommandLineTests.sample) >/dev/null 2>&1
            sleep 9
            test -f $D/learned.json && cp $D/learned.json $D/learned-before-attack.json
            ip netns exec $B tcpreplay -q -i vlb0 \(BaselineCommandTests.attack) >/dev/null 2>&1
            sleep 3
            kill -INT $SENSOR; wait $SENSOR
            """
        _ = try Self.sh(script)
        let output = (try? String(contentsOfFile: dir + "/sensor.txt", encoding: .utf8)) ?? ""
        #expect(output.contains("into \(dir)/learned.json; naming differences from it from now on"), "\(output)")
        // Written when the window ended, before the attack was replayed.
        let learned = try JSONDecoder().decode(
            Baseline.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/learned-before-attack.json")))
        #expect(learned.pairs.contains { $0.client == "10.77.0.2" && $0.server == "10.77.0.1" && $0.port == 502 })
        #expect(learned.assets["10.77.0.1"]?.firmware == "2.4.1", "identities from the inventory at the window's end")
        #expect(!learned.pairs.contains { $0.client.hasPrefix("10.79.") })
        let notices = try String(contentsOfFile: dir + "/live/notice.log", encoding: .utf8).split(separator: "\n").filter {
            $0.contains("\"rule_id\":\"baseline\"")
        }
        let messages = notices.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["msg"] as? String
        }
        #expect(messages.contains("New device 10.79.0.66"), "\(messages)")
        #expect(messages.contains("New communication 10.79.0.66 → 10.79.0.1:502"), "\(messages)")
        #expect(!messages.contains { $0.contains("10.77.") }, "the learned traffic is not a difference: \(messages)")
    }

    /// A sensor with a vulnerability store names the vulnerable devices while it runs: the
    /// corpus's S7-300 capture replayed onto its interface (tcpreplay) must appear in its
    /// vulnerabilities.log and assets.json before it stops, with the advisory analyze finds.
    @Test func liveSensorMatchesVulnerabilitiesWhileItRuns() throws {
        let vigil = try Self.liveSensorBinary()
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tcpreplay"), "tcpreplay is required (.ci/run installs it)")
        let store = try VulnsCommandTests.store("live-vulns")
        let dir = NSTemporaryDirectory() + "vigil-live-vulns-\(getpid())"
        let script = """
            \(Self.namespacePair(a: "vigil-vuln-a", b: "vigil-vuln-b", links: ("vva0", "vvb0"), dir: dir))
            mkdir -p $D
            ip netns exec $A \(vigil) sensor --interface vva0 --out $D/live --inventory-seconds 1 --workers 1 --vulns \(store) >$D/sensor.txt 2>&1 &
            SENSOR=$!
            sleep 2
            ip netns exec $B tcpreplay -q -i vvb0 \(VulnsCommandTests.capture) >/dev/null 2>&1
            sleep 3
            cp $D/live/vulnerabilities.log $D/vulnerabilities-while-running.log
            cp $D/live/assets.json $D/assets-while-running.json
            kill -INT $SENSOR; wait $SENSOR
            """
        _ = try Self.sh(script)
        let log = try String(contentsOfFile: "\(dir)/vulnerabilities-while-running.log", encoding: .utf8)
        #expect(log.contains("ICSA-23-222-09") || log.contains("icsa-23-222-09"), "the S7-300's advisory, while the sensor ran")
        let assets = try String(contentsOfFile: "\(dir)/assets-while-running.json", encoding: .utf8)
        #expect(assets.contains("\"vulnerabilities\":[{"), "assets.json lists the device's vulnerabilities")
        let summary = try String(contentsOfFile: "\(dir)/sensor.txt", encoding: .utf8)
        #expect(summary.contains("Vulnerabilities: 1 of"), "\(summary)")
        // Matched again at every inventory and at the end, the unchanged match is one row.
        let final = try String(contentsOfFile: "\(dir)/live/vulnerabilities.log", encoding: .utf8)
        #expect(final.split(separator: "\n").count == 1, "\(final)")
    }
}
