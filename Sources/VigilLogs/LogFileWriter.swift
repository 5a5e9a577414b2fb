import VigilCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Appends rows of one log to one file. Rows are encoded into one buffer that goes to the
/// file in large writes: no stdio, so each byte is copied once on its way to the kernel, and
/// no lock or call per row (bench/run.sh writes ~3 million rows).
final class LogFileWriter {
    let schema: LogSchema
    let format: LogFormat
    let path: String
    private var fd: Int32
    private(set) var rows = 0
    /// Encoded rows not yet written.
    /// A constant reference: a `var` one was retained and released around every row, since
    /// the row's builder could in principle have replaced it.
    private let pending = OutputBytes(capacity: LogFileWriter.bufferBytes + 64 * 1024)
    /// Written out once this much is pending (and on flush and close): 256 KiB keeps write(2)
    /// calls rare and the resident buffers of ~40 logs small.
    static let bufferBytes = 1 << 18

    init(schema: LogSchema, format: LogFormat, path: String, openedAt: String) throws {
        self.schema = schema
        self.format = format
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw VigilError(.ioFailure, "cannot create log file (errno \(errno))", source: path)
        }
        var text = pending
        if format == .tsv { text.append(utf8: ZeekTSVEncoder.header(schema, openedAt: openedAt)) }
    }

    func write(_ r: LogRecord) {
        rows += 1
        var text = pending
        switch format {
        case .json:
            ZeekJSONEncoder.encode(r, into: &text)
            text.append(0x0A)
        case .tsv:
            ZeekTSVEncoder.encode(r, into: &text)
        }
        if pending.count >= Self.bufferBytes { flush() }
    }

    /// One row built in place at the end of the pending text (`LogRow`).
    func write(_ schema: LogSchema, _ build: (inout LogRow) -> Void) {
        // The row writes past the pending text through its own cursor until `finishText`:
        // a row of this file started while building another would write over it.
        precondition(!building, "\(path): a row was started while another was being built")
        building = true
        rows += 1
        var row = LogRow(schema, format: format, appendingTo: pending)
        build(&row)
        row.finishText()
        building = false
        if pending.count >= Self.bufferBytes { flush() }
    }
    private var building = false

    func close(closedAt: String) {
        guard fd >= 0 else { return }
        var text = pending
        if format == .tsv { text.append(utf8: ZeekTSVEncoder.footer(closedAt: closedAt)) }
        flush()
        Glibc.close(fd)
        fd = -1
    }

    /// Writes out everything pending.
    func flush() {
        guard fd >= 0 else { return }
        pending.withBytes { writeAll($0) }
        pending.removeAll()
    }

    /// write(2) until every byte is out; a failing disk drops the rest of this batch (as a
    /// full disk did with stdio) rather than stopping the analysis.
    private func writeAll(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
