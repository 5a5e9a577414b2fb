#if os(Linux)
    import Glibc
    import VigilCore

    /// Set from a signal handler to end a live capture cleanly; polled between reads.
    public enum CaptureStopFlag {
        nonisolated(unsafe) public static var requested: sig_atomic_t = 0
    }

    /// Live capture on Linux through an AF_PACKET raw socket: no libpcap needed.
    ///
    /// The socket sees both directions on the interface (packet(7)). Reads time out every
    /// 200 ms so that a stop request is noticed even on an idle link.
    public final class LiveCaptureSource: PacketSource {
        public let interface: String
        private let fd: Int32
        private var buffer: UnsafeMutableRawBufferPointer
        private var received: Int64 = 0

        /// Ethernet frames up to jumbo size plus VLAN tags; larger frames are truncated by the
        /// kernel and counted as snapped, like a snaplen.
        public static let frameBytes = 65_536

        public init(interface: String) throws {
            self.interface = interface
            let index = if_nametoindex(interface)
            guard index != 0 else { throw VigilError(.invalidArgument, "no such interface", source: interface) }
            let ethPAll = UInt16(0x0003).bigEndian
            let s = socket(AF_PACKET, Int32(SOCK_RAW.rawValue), Int32(ethPAll))
            guard s >= 0 else {
                throw VigilError(
                    errno == EPERM ? .permission : .ioFailure,
                    errno == EPERM ? "live capture needs root or CAP_NET_RAW" : "cannot open packet socket (errno \(errno))",
                    source: interface)
            }
            // struct sockaddr_ll (packet(7)) is not exported by Glibc's Swift module, so it is
            // laid out by hand: family u16, protocol u16 (network order), ifindex i32, hatype u16,
            // pkttype u8, halen u8, addr[8] — 20 bytes.
            var addr = [UInt8](repeating: 0, count: 20)
            withUnsafeBytes(of: UInt16(AF_PACKET)) { addr.replaceSubrange(0..<2, with: $0) }
            withUnsafeBytes(of: ethPAll) { addr.replaceSubrange(2..<4, with: $0) }
            withUnsafeBytes(of: Int32(index)) { addr.replaceSubrange(4..<8, with: $0) }
            let bound = addr.withUnsafeBytes {
                bind(s, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(20))
            }
            guard bound == 0 else {
                close(s)
                throw VigilError(.ioFailure, "cannot bind packet socket (errno \(errno))", source: interface)
            }
            var tv = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            fd = s
            buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: LiveCaptureSource.frameBytes, alignment: 16)
        }

        deinit {
            close(fd)
            buffer.deallocate()
        }

        public var progress: (done: Int64, total: Int64?) { (received, nil) }

        /// Called with the time whenever the interface has been quiet for a receive timeout
        /// (200 ms), so that periodic work (publishing the inventory) goes on without traffic.
        public var whenIdle: ((Timestamp) -> Void)?

        public func next() throws -> CapturedPacket? {
            while CaptureStopFlag.requested == 0 {
                let n = recv(fd, buffer.baseAddress, buffer.count, Int32(MSG_TRUNC))
                if n < 0 {
                    if errno == EAGAIN || errno == EWOULDBLOCK {
                        if let whenIdle {
                            var now = timespec()
                            clock_gettime(CLOCK_REALTIME, &now)
                            whenIdle(Timestamp(seconds: Int64(now.tv_sec), nanos: Int64(now.tv_nsec)))
                        }
                        continue
                    }
                    if errno == EINTR { continue }
                    throw VigilError(.ioFailure, "receive failed (errno \(errno))", source: interface)
                }
                var ts = timespec()
                clock_gettime(CLOCK_REALTIME, &ts)
                received += Int64(n)
                let captured = min(n, buffer.count)
                return CapturedPacket(
                    timestamp: Timestamp(seconds: Int64(ts.tv_sec), nanos: Int64(ts.tv_nsec)), linkType: .ethernet,
                    data: UnsafeRawBufferPointer(rebasing: buffer[0..<captured]), wireLength: n, fileOffset: received)
            }
            return nil
        }
    }
#endif
