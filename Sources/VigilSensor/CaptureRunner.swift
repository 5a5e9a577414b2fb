import VigilCapture
import VigilCore

/// Runs a pipeline over capture files, keeping what was decoded when a file turns out bad.
public struct CaptureRunner {
    public var limits: Limits

    public init(limits: Limits = .default) { self.limits = limits }

    /// Expands folders (recursively, sorted) into capture files. A path that is missing or
    /// cannot be listed is returned as a failure naming it, and the other paths still count.
    public static func captureFiles(in paths: [String]) -> (files: [String], failures: [VigilError]) {
        var files: [String] = []
        var failures: [VigilError] = []
        for p in paths {
            if FileSystem.isDirectory(p) {
                do {
                    files += try FileSystem.listRecursively(p).filter { f in
                        [".pcap", ".pcapng", ".cap"].contains { f.hasSuffix($0) }
                    }.sorted()
                } catch let e as VigilError {
                    failures.append(e)
                } catch {
                    failures.append(VigilError(.ioFailure, "\(error)", source: p))
                }
            } else if FileSystem.exists(p) {
                files.append(p)
            } else {
                failures.append(VigilError(.ioFailure, "no such file or folder", source: p))
            }
        }
        return (files, failures)
    }

    /// Feeds every packet of `path` to `pipeline`. `progress` is called about every 64k packets
    /// with bytes done and total. Errors are returned (not thrown) so the caller can continue.
    public func run<P: PacketConsumer>(path: String, into pipeline: P, progress: (Int64, Int64?) -> Void = { _, _ in }) -> VigilError? {
        do {
            var source = try CaptureFile.open(path: path, limits: limits)
            try feed(&source, into: pipeline, progress: progress)
            return nil
        } catch let e as VigilError {
            return e
        } catch {
            return VigilError(.ioFailure, "\(error)", source: path)
        }
    }

    /// The packet loop, on the source's concrete type (the existential is opened once here):
    /// called through `any PacketSource`, each `next()` made the boxed reader unique and
    /// projected it (~90 instructions a packet).
    private func feed<P: PacketConsumer>(_ source: inout some PacketSource, into pipeline: P, progress: (Int64, Int64?) -> Void) throws {
        var n = 0
        while let packet = try source.next() {
            pipeline.process(packet)
            n += 1
            if n & 0xFFFF == 0 {
                let p = source.progress
                progress(p.done, p.total)
                if pipeline.outputError != nil { break }
            }
        }
        let p = source.progress
        progress(p.done, p.total)
    }
}
