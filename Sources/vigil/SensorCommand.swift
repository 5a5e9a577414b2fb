import ArgumentParser
import VigilCapture
import VigilCore
import VigilInventory
import VigilLogs
import VigilSensor

#if canImport(Glibc)
    import Glibc
#endif

struct SensorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensor",
        abstract: "Capture live from an interface (Linux AF_PACKET, needs root) and write rotating logs.",
        discussion: "Stops cleanly on SIGINT or SIGTERM: open connections are logged and every file is flushed.")

    @Option(name: .shortAndLong, help: "Interface to capture on (e.g. eth0).")
    var interface: String

    @Option(name: .shortAndLong, help: "Output directory for logs and inventory.")
    var out: String = "vigil-out"

    @Option(help: "Log format: json or tsv.")
    var format: LogFormatOption = .json

    @Flag(help: "Replace another run's logs, assets.json and map.json in --out (otherwise such a folder is refused).")
    var force = false

    @Option(help: "Rotate logs every N seconds (0 disables). Rotated files are named path.OPEN-CLOSE.log.")
    var rotateSeconds: Int = 3600

    func run() throws {
        #if os(Linux)
            signal(SIGINT) { _ in CaptureStopFlag.requested = 1 }
            signal(SIGTERM) { _ in CaptureStopFlag.requested = 1 }
            // A parent may start us with these signals blocked (some process launchers do); a
            // sensor that cannot be stopped cleanly would lose its open connections, so unblock.
            var unblock = sigset_t()
            sigemptyset(&unblock)
            sigaddset(&unblock, SIGINT)
            sigaddset(&unblock, SIGTERM)
            pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
            let source: LiveCaptureSource
            do { source = try LiveCaptureSource(interface: interface) } catch let e as VigilError {
                Terminal.error(e.description)
                throw VigilExit.inputError
            }
            let logs: LogDirectory
            do {
                try OutputFolder.prepare(out, replace: force)
                logs = try LogDirectory(directory: out, format: format.format)
            } catch let e as VigilError {
                Terminal.error(e.description)
                throw VigilExit.outputError
            }
            let pipeline = SensorPipeline(logs: logs)
            Terminal.info("vigil: capturing on \(interface), logs in \(out)/ (Ctrl-C to stop)")
            var rotateAt: Timestamp?
            while let packet = try source.next() {
                pipeline.process(packet)
                if rotateSeconds > 0 {
                    if rotateAt == nil { rotateAt = packet.timestamp.adding(seconds: Int64(rotateSeconds)) }
                    if packet.timestamp > rotateAt! {
                        logs.close(now: packet.timestamp, rotate: true)
                        rotateAt = packet.timestamp.adding(seconds: Int64(rotateSeconds))
                    }
                }
                if let e = pipeline.outputError {
                    Terminal.error(e.description)
                    throw VigilExit.outputError
                }
            }
            pipeline.finish()
            logs.close(now: .zero)
            try FileSystem.writeFile(out + "/assets.json", InventoryJSON.assets(pipeline.inventory))
            try FileSystem.writeFile(out + "/map.json", InventoryJSON.map(pipeline.inventory))
            Summary.print(
                statistics: pipeline.statistics, inventory: pipeline.inventory, source: "interface \(interface)", seconds: 0, out: out)
        #else
            Terminal.error("live capture is implemented for Linux (AF_PACKET) only")
            throw VigilExit.inputError
        #endif
    }
}
