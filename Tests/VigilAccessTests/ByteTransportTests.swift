import Testing

@testable import VigilAccess

#if canImport(Glibc)
    import Glibc
#endif

/// Writing to a connection whose peer has gone is an error the caller sees, not a SIGPIPE
/// that kills the process.
@Suite struct ByteTransportTests {
    @Test func writingToAClosedPeerThrowsInsteadOfKillingTheProcess() throws {
        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        let transport = ByteTransport(fileDescriptor: fds[0], name: "pair")
        try transport.write([0x53, 0x01])
        _ = Glibc.close(fds[1])
        #expect(throws: TransportError.self) {
            // The first write after the close may still be taken by the kernel; the next fails.
            for _ in 0..<3 { try transport.write([0x53, 0x01]) }
        }
    }
}
