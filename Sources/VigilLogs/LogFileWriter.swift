import CFileSpace
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

    /// Bytes in the file so far.
    private var fileBytes = 0
    /// Disk space allocated ahead of the file's end, up to this offset (`reserveSpace`).
    private var reservedBytes = 0
    /// False once the file system has refused to allocate ahead.
    private var reserving = true
    /// How far ahead space is allocated: a few buffers, so that a killed sensor leaves at
    /// most this much allocated past the end of each log.
    static let reserveStep = 4 << 20

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
        // Gives back the space allocated past the end (the size itself is already right).
        if reservedBytes > fileBytes { _ = ftruncate(fd, off_t(fileBytes)) }
        Glibc.close(fd)
        fd = -1
    }

    /// Writes out everything pending.
    func flush() {
        guard fd >= 0 else { return }
        reserveSpace(for: pending.count)
        pending.withBytes { fileBytes += writeAll($0) }
        pending.removeAll()
    }

    /// Allocates the file's blocks ahead of the writes, `reserveStep` at a time, without
    /// changing its size (fallocate with FALLOC_FL_KEEP_SIZE), so readers such as `tail -f`
    /// see only what was written.
    ///
    /// Written because on ext4 each write that extends a file reserves its blocks one by one
    /// (delayed allocation). For bench/run.sh's 1.1 GB of logs, the median system time was
    /// 0.40 s without this and 0.36 s with it, over 9 interleaved runs; two earlier sets of
    /// runs gave 0.52 against 0.39 and 0.41 against 0.35. A file system that cannot (NFSv3, for
    /// example, or another platform) is not asked again.
    private func reserveSpace(for count: Int) {
        guard reserving, fileBytes + count > reservedBytes else { return }
        let length = max(count, Self.reserveStep)
        let start = max(reservedBytes, fileBytes)
        if vigil_reserve_file_space(fd, Int64(start), Int64(length)) == 0 {
            reservedBytes = start + length
        } else {
            reserving = false
        }
    }

    /// write(2) until every byte is out; a failing disk drops the rest of this batch (as a
    /// full disk did with stdio) rather than stopping the analysis. Returns the bytes written.
    private func writeAll(_ bytes: UnsafeRawBufferPointer) -> Int {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        return offset
    }
}
