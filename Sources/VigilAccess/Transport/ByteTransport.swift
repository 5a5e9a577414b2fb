import VigilOSDP

#if canImport(Glibc)
    import Glibc
#endif

/// A byte stream a device protocol runs over: a TCP connection or a serial line. Both are
/// file descriptors, so one non-blocking implementation and one poll(2) loop serve every
/// transport, and the protocol code above never knows which it has.
///
/// Why poll(2) and not swift-nio: the CP and PD each drive one descriptor plus stdin with a
/// millisecond timer, and serial TTYs (with termios settings) are first-class here. NIO's
/// pipe bootstrap could wrap a TTY, but the state machines are synchronous and would gain
/// nothing from an event loop but thread hops; this loop is about 60 lines.
public final class ByteTransport {
    public let fileDescriptor: Int32
    public let name: String
    private var closed = false
    /// Sockets are written with send(MSG_NOSIGNAL): a write(2) to a socket whose peer has gone
    /// raises SIGPIPE, which kills the whole process (a sensor, a test run) unless every caller
    /// remembered to ignore it. With the flag the write fails with EPIPE and is reported.
    private let isSocket: Bool

    public init(fileDescriptor: Int32, name: String) {
        self.fileDescriptor = fileDescriptor
        self.name = name
        let flags = fcntl(fileDescriptor, F_GETFL)
        _ = fcntl(fileDescriptor, F_SETFL, flags | O_NONBLOCK)
        var info = stat()
        isSocket = fstat(fileDescriptor, &info) == 0 && info.st_mode & S_IFMT == S_IFSOCK
    }

    deinit { close() }

    public func close() {
        if !closed { _ = Glibc.close(fileDescriptor) }
        closed = true
    }

    /// Whatever is available now (empty if nothing). Throws when the peer has gone.
    public func read() throws(TransportError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { Glibc.read(fileDescriptor, $0.baseAddress, $0.count) }
        if n > 0 { return Array(buffer[0..<n]) }
        if n == 0 { throw .closed(name) }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return [] }
        throw .io(name, String(cString: strerror(errno)))
    }

    /// Writes every byte, waiting for the descriptor to drain when it is full.
    public func write(_ bytes: [UInt8]) throws(TransportError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { b in
                isSocket
                    ? Glibc.send(fileDescriptor, b.baseAddress, b.count, Int32(MSG_NOSIGNAL))
                    : Glibc.write(fileDescriptor, b.baseAddress, b.count)
            }
            if n > 0 {
                offset += n
            } else if n < 0 && (errno == EAGAIN || errno == EINTR) {
                var fds = pollfd(fd: fileDescriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&fds, 1, 1000)
            } else if n < 0 && (errno == EPIPE || errno == ECONNRESET) {
                throw .closed(name)
            } else {
                throw .io(name, String(cString: strerror(errno)))
            }
        }
    }
}

public enum TransportError: Error, CustomStringConvertible {
    case closed(String)
    case io(String, String)
    case setup(String, String)

    public var description: String {
        switch self {
        case .closed(let name): "\(name): connection closed by peer"
        case .io(let name, let message): "\(name): \(message)"
        case .setup(let name, let message): "\(name): \(message)"
        }
    }
}
