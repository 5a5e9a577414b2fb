import VigilCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streams a file through a fixed buffer so a capture of any size is never loaded whole.
///
/// Written on POSIX `read` rather than Foundation's FileHandle because it is the innermost
/// loop of offline analysis: one syscall per megabyte, records handed out as borrowed views.
public final class BufferedFileReader {
    public let path: String
    private let fd: Int32
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    private var start = 0  // first unconsumed byte in buffer
    private var end = 0  // one past the last valid byte
    private var eof = false
    /// File offset of `buffer[start]`.
    public private(set) var offset: Int64 = 0
    public let size: Int64?

    public static let chunkBytes = 1 << 20

    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        if fd < 0 {
            let reason = errno == EACCES ? "permission denied" : (errno == ENOENT ? "no such file" : "cannot open (errno \(errno))")
            throw VigilError(errno == EACCES ? .permission : .ioFailure, reason, source: path)
        }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw VigilError(.invalidArgument, "is a directory", source: path)
        }
        self.fd = fd
        self.size = fstat(fd, &st) == 0 ? Int64(st.st_size) : nil
        capacity = BufferedFileReader.chunkBytes * 2
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// Makes `n` contiguous bytes available; returns false if the file ends first.
    public func ensure(_ n: Int) throws -> Bool {
        if end - start >= n { return true }
        if n > capacity - start {
            if n > capacity {  // grow for one oversized record (callers bound n first)
                let bigger = UnsafeMutableRawPointer.allocate(byteCount: n + BufferedFileReader.chunkBytes, alignment: 16)
                bigger.copyMemory(from: buffer + start, byteCount: end - start)
                buffer.deallocate()
                buffer = bigger
                capacity = n + BufferedFileReader.chunkBytes
            } else {
                (buffer).copyMemory(from: buffer + start, byteCount: end - start)
            }
            end -= start
            start = 0
        }
        while end - start < n && !eof {
            let got = read(fd, buffer + end, capacity - end)
            if got < 0 {
                if errno == EINTR { continue }
                throw VigilError(.ioFailure, "read failed (errno \(errno))", source: path, offset: offset + Int64(end - start))
            }
            if got == 0 { eof = true } else { end += got }
        }
        return end - start >= n
    }

    /// Bytes available right now at the read position (at least what `ensure` guaranteed).
    public var available: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: buffer + start, count: end - start)
    }

    public func consume(_ n: Int) {
        start += n
        offset += Int64(n)
    }

    /// True when no byte remains.
    public func atEnd() throws -> Bool { try !ensure(1) }
}
