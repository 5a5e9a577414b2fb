import VigilCore

/// One pipeline's writer into a folder of logs: it encodes rows into a buffer per log and
/// hands full buffers to the folder's shared files (`LogFiles`), so that several pipelines
/// (one per worker) write one file per log. Rotation and closing are the folder's; a pipeline
/// flushes first.
public final class LogDirectory {
    public let files: LogFiles
    public var directory: String { files.directory }
    public var format: LogFormat { files.format }
    /// This pipeline's writers, in the order they were opened; this list keeps them alive.
    private var writers: [LogFileWriter] = []
    /// The same writers by `LogSchema.number` (no hashing per row), unretained: reading a
    /// strong reference out of an array retained and released it around every row.
    private var byNumber: [Unmanaged<LogFileWriter>?] = []

    /// A folder written by this pipeline alone.
    public convenience init(directory: String, format: LogFormat) throws {
        self.init(files: try LogFiles(directory: directory, format: format))
    }

    /// A pipeline's writer into a folder it may share with others.
    public init(files: LogFiles) { self.files = files }

    public func write(_ r: LogRecord, now: Timestamp) throws {
        try writer(r.schema, now: now).write(r)
    }

    /// A row built in place in its file's buffer (`LogRow`).
    public func write(_ schema: LogSchema, now: Timestamp, _ build: (inout LogRow) -> Void) throws {
        if let w = madeWriter(schema) { return w._withUnsafeGuaranteedRef { $0.write(schema, build) } }
        try writer(schema, now: now).write(schema, build)
    }

    /// A row built in place, whose text as written is handed to `rowText` (what detection
    /// reads: the row exactly as the log holds it), with where each value begins in it noted
    /// in `fieldStarts` (JSON only). `rowText` may write rows of other logs, not of this one.
    public func write(
        _ schema: LogSchema, now: Timestamp, _ build: (inout LogRow) -> Void, fieldStarts: inout RowFieldStarts,
        rowText: (UnsafeRawBufferPointer, RowFieldStarts) -> Void
    ) throws {
        if let w = madeWriter(schema) {
            return w._withUnsafeGuaranteedRef { $0.write(schema, build, fieldStarts: &fieldStarts, rowText: rowText) }
        }
        try writer(schema, now: now).write(schema, build, fieldStarts: &fieldStarts, rowText: rowText)
    }

    /// A row, whose text as written is handed to `rowText`.
    public func write(_ r: LogRecord, now: Timestamp, rowText: (UnsafeRawBufferPointer) -> Void) throws {
        let w = try writer(r.schema, now: now)
        withoutActuallyEscaping(rowText) { w.write(r, rowText: $0) }
    }

    /// The schema's writer if it was made already: every row after a log's first takes this
    /// path, which neither hashes nor retains.
    @inline(__always) private func madeWriter(_ schema: LogSchema) -> Unmanaged<LogFileWriter>? {
        schema.number < byNumber.count ? byNumber[schema.number] : nil
    }

    /// The schema's writer, made (and its file opened, if no pipeline has yet) on its first row.
    private func writer(_ schema: LogSchema, now: Timestamp) throws -> LogFileWriter {
        if let w = madeWriter(schema) { return w.takeUnretainedValue() }
        let key = schema.number
        let w = LogFileWriter(schema: schema, format: format, file: try files.file(for: schema, now: now))
        if key >= byNumber.count { byNumber += [Unmanaged<LogFileWriter>?](repeating: nil, count: key + 1 - byNumber.count) }
        writers.append(w)
        byNumber[key] = Unmanaged.passUnretained(w)
        return w
    }

    /// Hands every buffered row to the files.
    public func flush() { for w in writers { w.flush() } }

    /// Flushes, then closes every file of the folder; with `rotate`, renames each to carry
    /// its open and close times. With several pipelines on one folder, each flushes and then
    /// one closes `files`.
    public func close(now: Timestamp, rotate: Bool = false) {
        flush()
        forgetFiles()
        files.close(now: now, rotate: rotate)
    }

    /// Drops this pipeline's writers (after a flush), so the next row opens the new files a
    /// rotation leaves.
    public func forgetFiles() {
        byNumber.removeAll()
        writers.removeAll()
    }
}
