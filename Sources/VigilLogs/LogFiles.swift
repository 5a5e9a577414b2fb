import Synchronization
import VigilCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The log files of one output folder, shared by every pipeline that writes into it: each log
/// is one file however many workers write rows to it. A file is opened on the first row any
/// pipeline writes to it, and closed (or rotated) for all at once.
public final class LogFiles: Sendable {
    public let directory: String
    public let format: LogFormat
    private let open: Mutex<[OpenFile]>

    struct OpenFile {
        var schema: LogSchema
        var file: LogFile
        var openedAt: String
    }

    public init(directory: String, format: LogFormat) throws {
        self.directory = directory
        self.format = format
        open = Mutex([])
        try LogFiles.makeDirectory(directory)
    }

    /// The file for `schema`, created with its header when it is the first row of that log.
    func file(for schema: LogSchema, now: Timestamp) throws -> LogFile {
        try open.withLock { files in
            if let f = files.first(where: { $0.schema.number == schema.number }) { return f.file }
            let stamp = LogFiles.stamp(now)
            let header = format == .tsv ? Array(ZeekTSVEncoder.header(schema, openedAt: stamp).utf8) : []
            let file = try LogFile(path: "\(directory)/\(schema.path).log", header: header)
            files.append(OpenFile(schema: schema, file: file, openedAt: stamp))
            return file
        }
    }

    /// Closes every file (after the pipelines have flushed what they hold); with `rotate`,
    /// renames each to carry its open and close times, as Zeek does (`path.OPEN-CLOSE.log`).
    public func close(now: Timestamp, rotate: Bool = false) {
        let stamp = LogFiles.stamp(now)
        open.withLock { files in
            for f in files {
                f.file.close(footer: format == .tsv ? Array(ZeekTSVEncoder.footer(closedAt: stamp).utf8) : [])
                let path = f.schema.path
                if rotate { rename("\(directory)/\(path).log", "\(directory)/\(path).\(f.openedAt)-\(stamp).log") }
            }
            files.removeAll()
        }
    }

    public static func makeDirectory(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else {
                throw VigilError(.invalidArgument, "exists and is not a directory", source: path)
            }
            return
        }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part + "/"
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw VigilError(.ioFailure, "cannot create directory (errno \(errno))", source: prefix)
            }
        }
    }

    /// Zeek's `%Y-%m-%d-%H-%M-%S` stamp, in UTC.
    public static func stamp(_ t: Timestamp) -> String {
        var secs = time_t(t.nanoseconds / 1_000_000_000)
        var tmv = tm()
        gmtime_r(&secs, &tmv)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(tmv.tm_year + 1900)-\(two(tmv.tm_mon + 1))-\(two(tmv.tm_mday))-\(two(tmv.tm_hour))-\(two(tmv.tm_min))-\(two(tmv.tm_sec))"
    }
}
