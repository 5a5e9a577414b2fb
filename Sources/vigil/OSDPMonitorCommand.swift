import ArgumentParser
import Foundation
import VigilAccess
import VigilCapture
import VigilCore
import VigilEvents
import VigilOSDP

#if canImport(Glibc)
    import Glibc
#endif

struct OSDPMonitorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Watch an OSDP line passively: decode every packet and raise alerts for attacks.",
        discussion: """
            Reads a tapped serial line (--tty, never written to) or a libosdp-conformance packet \
            trace (--osdpcap, JSON lines; - for stdin). Prints JSON lines on stdout: a "packet" \
            event per packet, a "frame_error" per refused frame, an "alert" per attack found, and \
            a "summary" at the end (--alerts-only keeps alerts and the summary). Alert types: \
            osdp.no_secure_channel, osdp.cleartext_after_sc, osdp.downgrade, osdp.install_mode, \
            osdp.keyset_observed, osdp.replay, osdp.weak_key, osdp.error_burst (docs/OSDP.md).
            """)

    @Option(help: "Serial device to listen on (an RS-485 tap, USB-serial adapter or pty).")
    var tty: String?

    @Option(help: "Serial baud rate.")
    var baud: Int = 9600

    @Option(help: "An .osdpcap trace file (JSON lines), or - for stdin.")
    var osdpcap: String?

    @Option(
        name: .customLong("scbk"),
        help: "A site SCBK (32 hex digits; repeat for several). Sessions under it are followed: MACs verified, data decrypted.")
    var siteKeys: [String] = []

    @Flag(help: "Print only alerts and the summary, not every packet.")
    var alertsOnly = false

    func validate() throws {
        guard (tty == nil) != (osdpcap == nil) else { throw ValidationError("give exactly one of --tty DEVICE or --osdpcap FILE") }
        for key in siteKeys where OSDPKey(hex: key) == nil { throw ValidationError("--scbk must be 32 hex digits (16 bytes)") }
    }

    func run() throws {
        let monitor = OSDPMonitor(
            configuration: OSDPMonitorConfiguration(
                siteKeys: siteKeys.compactMap(OSDPKey.init(hex:)), reportPackets: !alertsOnly))
        var failed = false
        if let osdpcap {
            failed = try readTrace(osdpcap, into: monitor)
        } else if let tty {
            try listen(tty, into: monitor)
        }
        OSDPLink.emit(monitor.summary())
        let c = monitor.counters
        let alerts = c.alerts.values.reduce(0, +)
        Terminal.info(
            "vigil: \(c.packets) OSDP packets (\(c.secured) secured, \(c.verified) verified), "
                + "\(monitor.framing.checkErrors) check errors, \(alerts) alerts")
        if failed { throw VigilExit.inputError }
    }

    /// Feeds each trace line to the monitor; a bad line is reported with its number and skipped.
    /// Returns whether any line was bad.
    private func readTrace(_ path: String, into monitor: OSDPMonitor) throws -> Bool {
        guard let handle = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path) else {
            Terminal.error("\(path): cannot open")
            throw VigilExit.inputError
        }
        var pending: [UInt8] = []
        var lineNumber = 0
        var bad = 0
        var parsedOne = false
        func consume(_ line: ArraySlice<UInt8>) throws {
            lineNumber += 1
            let text = String(decoding: line, as: UTF8.self)
            guard !text.allSatisfy(\.isWhitespace) else { return }
            do {
                let entry = try OSDPTraceLine.parse(text)
                parsedOne = true
                for event in monitor.ingest(entry.bytes, at: entry.time) { OSDPLink.emit(event) }
            } catch {
                // A file whose first line is not a trace line is another kind of file: one
                // error now, instead of one per line of it.
                if !parsedOne {
                    Terminal.error("\(path):\(lineNumber): not an osdpcap trace (\(error.description))")
                    throw VigilExit.inputError
                }
                bad += 1
                Terminal.error("\(path):\(lineNumber): \(error.description)")
                OSDPLink.emit(OSDPEvent("error", address: nil, [("line", .int(lineNumber)), ("message", .string(error.description))]))
            }
        }
        var first = true
        while true {
            let chunk = handle.readData(ofLength: 1 << 16)
            if chunk.isEmpty { break }
            if first {
                first = false
                try refuseIfNotATrace(Array(chunk.prefix(512)), path: path)
            }
            pending += chunk
            var start = 0
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                try consume(pending[start..<newline])
                start = newline + 1
            }
            pending.removeFirst(start)
        }
        if !pending.isEmpty { try consume(pending[...]) }
        return bad > 0
    }

    /// A capture or binary file handed to `--osdpcap` is named for what it is, at once.
    private func refuseIfNotATrace(_ head: [UInt8], path: String) throws {
        let format = CaptureFormat.sniff(head)
        switch format {
        case .osdpTrace, .text: return
        case .pcap, .pcapng:
            Terminal.error(
                "\(path): this is \(format.description), not an osdpcap trace (JSON lines); "
                    + "`vigil analyze \(path)` decodes OSDP carried over TCP in a capture")
        case .unknown:
            Terminal.error("\(path): not an osdpcap trace (JSON lines): \(format.description)")
        }
        throw VigilExit.inputError
    }

    /// Reads the tapped line until it closes or SIGINT/SIGTERM, stamping bytes with wall-clock time.
    private func listen(_ tty: String, into monitor: OSDPMonitor) throws {
        signal(SIGINT) { _ in LinkStopFlag.requested = 1 }
        signal(SIGTERM) { _ in LinkStopFlag.requested = 1 }
        let line: ByteTransport
        do { line = try SerialTransport.open(tty, baud: baud) } catch {
            Terminal.error(error.description)
            throw VigilExit.inputError
        }
        defer { line.close() }
        while LinkStopFlag.requested == 0 {
            var fds = [pollfd(fd: line.fileDescriptor, events: Int16(POLLIN), revents: 0)]
            _ = poll(&fds, 1, 200)
            guard fds[0].revents != 0 else { continue }
            let bytes: [UInt8]
            do { bytes = try line.read() } catch {
                Terminal.error(error.description)
                break
            }
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            let time = Timestamp(seconds: Int64(now.tv_sec), nanos: Int64(now.tv_nsec))
            for event in monitor.ingest(bytes, at: time) { OSDPLink.emit(event) }
        }
    }
}
