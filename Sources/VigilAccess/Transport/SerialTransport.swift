import VigilOSDP

#if canImport(Glibc)
    import Glibc
#endif

/// A serial line (RS-485 adapter, USB-serial, or a pseudo-terminal in tests) in raw mode,
/// 8 data bits, no parity, 1 stop bit, as OSDP requires (v2.2 §4: 8N1 at 9600 … 115200 baud).
public enum SerialTransport {
    public static let supportedBauds: [Int: speed_t] = [
        9600: speed_t(B9600), 19200: speed_t(B19200), 38400: speed_t(B38400), 57600: speed_t(B57600),
        115200: speed_t(B115200), 230400: speed_t(B230400),
    ]

    public static func open(_ path: String, baud: Int) throws(TransportError) -> ByteTransport {
        guard let speed = supportedBauds[baud] else {
            throw .setup(
                path, "unsupported baud rate \(baud) (one of \(supportedBauds.keys.sorted().map(String.init).joined(separator: ", ")))")
        }
        let fd = Glibc.open(path, O_RDWR | O_NOCTTY | O_NONBLOCK)
        guard fd >= 0 else { throw .setup(path, String(cString: strerror(errno))) }
        var tio = termios()
        guard tcgetattr(fd, &tio) == 0 else {
            _ = Glibc.close(fd)
            throw .setup(path, "not a terminal: \(String(cString: strerror(errno)))")
        }
        cfmakeraw(&tio)
        tio.c_cflag &= ~(tcflag_t(PARENB) | tcflag_t(CSTOPB) | tcflag_t(CSIZE) | tcflag_t(CRTSCTS))
        tio.c_cflag |= tcflag_t(CS8) | tcflag_t(CLOCAL) | tcflag_t(CREAD)
        cfsetispeed(&tio, speed)
        cfsetospeed(&tio, speed)
        guard tcsetattr(fd, TCSANOW, &tio) == 0 else {
            _ = Glibc.close(fd)
            throw .setup(path, "cannot set 8N1 raw mode: \(String(cString: strerror(errno)))")
        }
        return ByteTransport(fileDescriptor: fd, name: path)
    }
}
