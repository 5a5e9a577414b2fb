import CFileSpace
import Synchronization
import VigilCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One log file on disk, which several pipelines (one per worker) may append to. Each
/// pipeline encodes rows into its own buffer (`LogFileWriter`) and hands over whole buffers,
/// so rows never interleave and the lock is taken once per 256 KiB, not once per row.
final class LogFile: Sendable {
    let path: String
    private let state: Mutex<State>

    struct State {
        var fd: Int32
        /// Bytes in the file so far.
        var fileBytes = 0
        /// Disk space allocated ahead of the file's end, up to this offset (`reserveSpace`).
        var reservedBytes = 0
        /// False once the file system has refused to allocate ahead.
        var reserving = true
    }

    /// How far ahead space is allocated: a few buffers, so that a killed sensor leaves at
    /// most this much allocated past the end of each log.
    static let reserveStep = 4 << 20

    /// Creates (truncates) the file and writes `header` first (TSV's `#` lines).
    init(path: String, header: [UInt8]) throws {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw VigilError(.ioFailure, "cannot create log file (errno \(errno))", source: path) }
        state = Mutex(State(fd: fd))
        if !header.isEmpty { header.withUnsafeBytes { append($0) } }
    }

    /// Appends whole rows.
    func append(_ bytes: UnsafeRawBufferPointer) {
        state.withLock { s in
            guard s.fd >= 0, !bytes.isEmpty else { return }
            Self.reserveSpace(&s, for: bytes.count)
            s.fileBytes += Self.writeAll(s.fd, bytes)
        }
    }

    /// Writes `footer` (TSV's `#close`) and closes the file.
    func close(footer: [UInt8]) {
        if !footer.isEmpty { footer.withUnsafeBytes { append($0) } }
        state.withLock { s in
            guard s.fd >= 0 else { return }
            // Gives back the space allocated past the end (the size itself is already right).
            if s.reservedBytes > s.fileBytes { _ = ftruncate(s.fd, off_t(s.fileBytes)) }
            Glibc.close(s.fd)
            s.fd = -1
        }
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
    private static func reserveSpace(_ s: inout State, for count: Int) {
        guard s.reserving, s.fileBytes + count > s.reservedBytes else { return }
        let length = max(count, reserveStep)
        let start = max(s.reservedBytes, s.fileBytes)
        if vigil_reserve_file_space(s.fd, Int64(start), Int64(length)) == 0 {
            s.reservedBytes = start + length
        } else {
            s.reserving = false
        }
    }

    /// write(2) until every byte is out; a failing disk drops the rest of this batch (as a
    /// full disk did with stdio) rather than stopping the analysis. Returns the bytes written.
    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
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
