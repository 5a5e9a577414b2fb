import VigilAccess
import VigilEvents
import VigilOSDP

#if canImport(Glibc)
    import Glibc
#endif

/// Shared start-up of `vigil osdp cp` and `vigil osdp pd`: signals, the transport, the loop.
enum OSDPLink {
    static func run(driver: LinkDriver, connect: String?, listen: String?, tty: String?, baud: Int) throws {
        signal(SIGINT) { _ in LinkStopFlag.requested = 1 }
        signal(SIGTERM) { _ in LinkStopFlag.requested = 1 }
        signal(SIGPIPE, SIG_IGN)
        var listener: Int32?
        if let listen {
            do { listener = try TCPTransport.listen(listen) } catch {
                Terminal.error(error.description)
                throw VigilExit.inputError
            }
            Terminal.info("vigil: listening on \(listen)")
        }
        var first = true
        let reconnect: () throws(TransportError) -> ByteTransport = { () throws(TransportError) -> ByteTransport in
            defer { first = false }
            if let tty { return try SerialTransport.open(tty, baud: baud) }
            if let listener { return try TCPTransport.accept(listener, name: "tcp://\(listen!)") }
            if !first { usleep(500_000) }
            while true {
                do throws(TransportError) { return try TCPTransport.connect(connect!) } catch {
                    if first || LinkStopFlag.requested != 0 { throw error }
                    usleep(500_000)
                }
            }
        }
        do {
            try LinkRunner.run(
                driver: driver, reconnect: reconnect, readStdin: true,
                emit: emit,
                notice: { Terminal.error($0) })
            for event in driver.finish(now: MonotonicClock.milliseconds()) { emit(event) }
        } catch {
            // A stop requested while waiting for a peer is a clean exit, not a link failure.
            if LinkStopFlag.requested != 0 { return }
            Terminal.error(error.description)
            throw VigilExit.inputError
        }
    }

    /// One event as a JSON line on stdout, written at once (unbuffered: a reader of the pipe
    /// sees each event as it happens).
    static func emit(_ event: OSDPEvent) {
        var line = event.jsonLine + "\n"
        line.withUTF8 { _ = Glibc.write(1, $0.baseAddress, $0.count) }
    }
}
