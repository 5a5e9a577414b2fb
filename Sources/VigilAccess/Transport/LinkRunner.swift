import VigilEvents
import VigilOSDP

#if canImport(Glibc)
    import Glibc
#endif

/// What a link runner drives: a control panel or a peripheral device behind a uniform face.
public protocol LinkDriver: AnyObject {
    /// Bytes received (possibly none) at `now`; returns bytes to send and events to print.
    func handle(received: [UInt8], now: Int64) -> (transmit: [UInt8]?, events: [OSDPEvent])
    /// One line read from stdin.
    func handle(line: String, now: Int64) -> [OSDPEvent]
    /// When `handle(received:)` next needs calling with no input; nil when only input matters.
    func deadline(now: Int64) -> Int64?
    /// Events to print when the link stops (a control panel's `stats`).
    func finish(now: Int64) -> [OSDPEvent]
}

extension LinkDriver {
    public func finish(now: Int64) -> [OSDPEvent] { [] }
}

/// Set from a signal handler to stop `LinkRunner.run` cleanly.
public enum LinkStopFlag {
    nonisolated(unsafe) public static var requested: sig_atomic_t = 0
}

/// The poll(2) loop behind `vigil osdp cp` and `vigil osdp pd`: the link's descriptor, stdin
/// for JSON-line input, and the driver's next deadline. When the link drops, `reconnect`
/// supplies a new one (a client reconnects, a server accepts the next peer).
public enum LinkRunner {
    public static func run(
        driver: LinkDriver, reconnect: () throws(TransportError) -> ByteTransport, readStdin: Bool,
        emit: (OSDPEvent) -> Void, notice: (String) -> Void
    ) throws(TransportError) {
        var transport = try reconnect()
        var stdinOpen = readStdin
        var pendingLine: [UInt8] = []
        while LinkStopFlag.requested == 0 {
            let now = MonotonicClock.milliseconds()
            let wait = driver.deadline(now: now).map { Int32(clamping: max(0, $0 - now)) } ?? 200
            var fds = [pollfd(fd: transport.fileDescriptor, events: Int16(POLLIN), revents: 0)]
            if stdinOpen { fds.append(pollfd(fd: 0, events: Int16(POLLIN), revents: 0)) }
            _ = poll(&fds, nfds_t(fds.count), min(wait, 200))
            var received: [UInt8] = []
            if fds[0].revents != 0 {
                do { received = try transport.read() } catch {
                    notice(error.description)
                    transport.close()
                    transport = try reconnect()
                    continue
                }
            }
            if stdinOpen && fds[1].revents != 0 {
                var chunk = [UInt8](repeating: 0, count: 4096)
                let n = chunk.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
                if n <= 0 {
                    stdinOpen = false
                } else {
                    pendingLine += chunk[0..<n]
                    while let newline = pendingLine.firstIndex(of: UInt8(ascii: "\n")) {
                        let line = String(decoding: pendingLine[..<newline], as: UTF8.self)
                        pendingLine.removeFirst(newline + 1)
                        if !line.allSatisfy(\.isWhitespace) {
                            for event in driver.handle(line: line, now: MonotonicClock.milliseconds()) { emit(event) }
                        }
                    }
                }
            }
            let (transmit, events) = driver.handle(received: received, now: MonotonicClock.milliseconds())
            for event in events { emit(event) }
            if let transmit, !transmit.isEmpty {
                do { try transport.write(transmit) } catch {
                    notice(error.description)
                    transport.close()
                    transport = try reconnect()
                }
            }
        }
    }
}
