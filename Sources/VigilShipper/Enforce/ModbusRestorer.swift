import Foundation
import VigilHubWire

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a known good value into a Modbus/TCP holding register (function 6) or coil
/// (function 5), then reads it again (function 3 or 1) to prove it holds.
///
/// Written on plain sockets, not a library: two requests of twelve bytes each to one device,
/// where a blocking exchange with a deadline is the clearest thing to read and to check.
/// Modbus Application Protocol v1.1b3 §6.1, §6.3, §6.5, §6.6; Modbus Messaging on TCP/IP
/// Implementation Guide v1.0b §3.1.3 (the MBAP header).
public struct ModbusRestorer: Sendable {
    /// Seconds to connect, and to wait for each answer.
    public var timeout: Double

    public init(timeout: Double = 3) { self.timeout = timeout }

    public func restore(_ restore: RegisterRestore) -> RestoreOutcome {
        do {
            let connection = try Connection(host: restore.server, port: restore.port, timeout: timeout)
            defer { connection.close() }
            let address = [UInt8(restore.address >> 8), UInt8(restore.address & 0xFF)]
            let write: [UInt8] =
                restore.table == .coil
                ? [0x05] + address + [restore.value == 0 ? 0x00 : 0xFF, 0x00]
                : [0x06] + address + [UInt8(restore.value >> 8), UInt8(restore.value & 0xFF)]
            // A write's answer echoes the request (§6.5, §6.6).
            let echoed = try connection.exchange(unit: restore.unit, pdu: write, transaction: 1)
            guard echoed == write else { return failed(restore, "the write's answer does not echo it: \(Self.hex(echoed))") }
            let read: [UInt8] = [restore.table == .coil ? 0x01 : 0x03] + address + [0x00, 0x01]
            let answer = try connection.exchange(unit: restore.unit, pdu: read, transaction: 2)
            let value: Int
            if restore.table == .coil {
                guard answer.count == 3, answer[0] == 0x01, answer[1] == 1 else { return failed(restore, "not a coil read answer") }
                value = Int(answer[2] & 1)
            } else {
                guard answer.count == 4, answer[0] == 0x03, answer[1] == 2 else { return failed(restore, "not a register read answer") }
                value = Int(answer[2]) << 8 | Int(answer[3])
            }
            return RestoreOutcome(
                action: restore.action, restored: value == restore.value, readBack: value,
                error: value == restore.value ? nil : "read back \(value), not \(restore.value)")
        } catch {
            return failed(restore, "\(error)")
        }
    }

    private func failed(_ restore: RegisterRestore, _ reason: String) -> RestoreOutcome {
        RestoreOutcome(action: restore.action, restored: false, readBack: nil, error: reason)
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// One TCP connection to the device, with a deadline on every step.
    final class Connection {
        private let socket: Int32
        private let timeout: Double

        init(host: String, port: Int, timeout: Double) throws {
            self.timeout = timeout
            var hints = addrinfo()
            hints.ai_flags = AI_NUMERICHOST
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var found: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, String(port), &hints, &found) == 0, let info = found else {
                throw Failure("\(host) is not an IP address")
            }
            defer { freeaddrinfo(found) }
            socket = Glibc.socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
            guard socket >= 0 else { throw Failure("cannot make a socket: \(String(cString: strerror(errno)))") }
            // Connect without blocking, then wait for the socket to become writable: a device
            // that is down must not hold the enforcer for the system's two-minute default.
            let flags = fcntl(socket, F_GETFL)
            _ = fcntl(socket, F_SETFL, flags | O_NONBLOCK)
            if connect(socket, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0, errno != EINPROGRESS {
                let reason = String(cString: strerror(errno))
                Glibc.close(socket)
                throw Failure("cannot connect to \(host):\(port): \(reason)")
            }
            var ready = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
            var problem: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard poll(&ready, 1, Int32(timeout * 1000)) == 1,
                getsockopt(socket, SOL_SOCKET, SO_ERROR, &problem, &length) == 0, problem == 0
            else {
                Glibc.close(socket)
                throw Failure("cannot connect to \(host):\(port): \(problem == 0 ? "no answer" : String(cString: strerror(problem)))")
            }
            _ = fcntl(socket, F_SETFL, flags)
            var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        }

        func close() { Glibc.close(socket) }

        /// Sends one request PDU and returns the answer's PDU; an exception answer is an error.
        func exchange(unit: Int, pdu: [UInt8], transaction: UInt16) throws -> [UInt8] {
            let length = pdu.count + 1
            let request: [UInt8] =
                [UInt8(transaction >> 8), UInt8(transaction & 0xFF), 0, 0, UInt8(length >> 8), UInt8(length & 0xFF), UInt8(unit)] + pdu
            guard request.withUnsafeBytes({ send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else {
                throw Failure("cannot send to the device: \(String(cString: strerror(errno)))")
            }
            let header = try read(7)
            let answerLength = Int(header[4]) << 8 | Int(header[5])
            guard header[0] == request[0], header[1] == request[1], header[2] == 0, header[3] == 0, (2...254).contains(answerLength)
            else { throw Failure("the answer's MBAP header does not fit the request: \(ModbusRestorer.hex(header))") }
            let answer = try read(answerLength - 1)
            if answer[0] == pdu[0] | 0x80 { throw Failure("the device answered exception \(answer.count > 1 ? answer[1] : 0)") }
            return answer
        }

        private func read(_ count: Int) throws -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: count)
            var got = 0
            while got < count {
                let n = bytes.withUnsafeMutableBytes { recv(socket, $0.baseAddress! + got, count - got, 0) }
                guard n > 0 else { throw Failure(n == 0 ? "the device closed the connection" : "no answer within \(timeout) s") }
                got += n
            }
            return bytes
        }
    }
}
