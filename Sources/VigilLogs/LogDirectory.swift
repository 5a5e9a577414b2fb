import VigilCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes every log into one directory, opening each file on its first row, and rotates them
/// on request (live sensors): closed files are renamed `path.OPEN-CLOSE.log` as Zeek does.
public final class LogDirectory {
    public let directory: String
    public let format: LogFormat
    /// The open files, in the order they were opened, with their open stamps; this list
    /// keeps the writers alive.
    private var openFiles: [(writer: LogFileWriter, openedAt: String)] = []
    /// The same writers by `LogSchema.number` (no hashing per row), unretained: reading a
    /// strong reference out of an array retained and released it around every row.
    private var byNumber: [Unmanaged<LogFileWriter>?] = []

    public init(directory: String, format: LogFormat) throws {
        self.directory = directory
        self.format = format
        try LogDirectory.makeDirectory(directory)
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

    public func write(_ r: LogRecord, now: Timestamp) throws {
        try writer(r.schema, now: now).write(r)
    }

    /// A row built in place in its file's buffer (`LogRow`).
    public func write(_ schema: LogSchema, now: Timestamp, _ build: (inout LogRow) -> Void) throws {
        let key = schema.number
        if key < byNumber.count, let w = byNumber[key] {
            return w._withUnsafeGuaranteedRef { $0.write(schema, build) }
        }
        try writer(schema, now: now).write(schema, build)
    }

    /// The schema's file, opened on its first row.
    private func writer(_ schema: LogSchema, now: Timestamp) throws -> LogFileWriter {
        let key = schema.number
        if key < byNumber.count, let w = byNumber[key] { return w.takeUnretainedValue() }
        let stamp = LogDirectory.stamp(now)
        let w = try LogFileWriter(schema: schema, format: format, path: "\(directory)/\(schema.path).log", openedAt: stamp)
        if key >= byNumber.count { byNumber += [Unmanaged<LogFileWriter>?](repeating: nil, count: key + 1 - byNumber.count) }
        openFiles.append((w, stamp))
        byNumber[key] = Unmanaged.passUnretained(w)
        return w
    }

    public func flush() { for (w, _) in openFiles { w.flush() } }

    /// Closes every file; with `rotate`, renames each to carry its open and close times.
    public func close(now: Timestamp, rotate: Bool = false) {
        let stamp = LogDirectory.stamp(now)
        for (w, opened) in openFiles {
            w.close(closedAt: stamp)
            let path = w.schema.path
            if rotate { rename("\(directory)/\(path).log", "\(directory)/\(path).\(opened)-\(stamp).log") }
        }
        byNumber.removeAll()
        openFiles.removeAll()
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
