import VigilOSDP

#if canImport(Glibc)
    import Glibc
#endif

/// TCP client and server ends of a device link (OSDP over TCP, as bridges and IP readers use).
public enum TCPTransport {
    /// Splits "HOST:PORT" ("[::1]:4000" for IPv6).
    public static func split(_ endpoint: String) -> (host: String, port: UInt16)? {
        guard let colon = endpoint.lastIndex(of: ":"), let port = UInt16(endpoint[endpoint.index(after: colon)...]) else { return nil }
        var host = String(endpoint[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }

    public static func connect(_ endpoint: String) throws(TransportError) -> ByteTransport {
        let fd = try resolve(endpoint, passive: false) { fd, address, length in Glibc.connect(fd, address, length) }
        return ByteTransport(fileDescriptor: fd, name: "tcp://\(endpoint)")
    }

    /// A listening socket; `accept` waits for the next peer.
    public static func listen(_ endpoint: String) throws(TransportError) -> Int32 {
        try resolve(endpoint, passive: true) { fd, address, length in
            var one: Int32 = 1
            _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            guard bind(fd, address, length) == 0 else { return -1 }
            return Glibc.listen(fd, 4)
        }
    }

    public static func accept(_ listener: Int32, name: String) throws(TransportError) -> ByteTransport {
        // Wait in short polls so SIGINT/SIGTERM (LinkStopFlag) end a server with no peer:
        // a blocking accept(2) is restarted after the signal and would never return.
        var ready = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        while poll(&ready, 1, 200) == 0 || ready.revents == 0 {
            if LinkStopFlag.requested != 0 { throw .closed(name) }
        }
        let fd = Glibc.accept(listener, nil, nil)
        guard fd >= 0 else { throw .setup(name, "accept: \(String(cString: strerror(errno)))") }
        noDelay(fd)
        return ByteTransport(fileDescriptor: fd, name: name)
    }

    private static func noDelay(_ fd: Int32) {
        // OSDP is request/response with small packets: Nagle's algorithm would add delay to every reply.
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    private static func resolve(
        _ endpoint: String, passive: Bool, _ use: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32
    ) throws(TransportError) -> Int32 {
        guard let (host, port) = split(endpoint) else { throw .setup(endpoint, "expected HOST:PORT") }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = passive ? AI_PASSIVE : 0
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .setup(endpoint, "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd >= 0 {
                if use(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                    if !passive { noDelay(fd) }
                    return fd
                }
                lastError = String(cString: strerror(errno))
                _ = Glibc.close(fd)
            }
            entry = info.pointee.ai_next
        }
        throw .setup(endpoint, lastError)
    }
}
