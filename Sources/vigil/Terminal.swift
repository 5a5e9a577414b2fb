#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes to the terminal: a command's result to stdout (so `vigil analyze … > summary.txt`
/// keeps it), diagnostics and status to stderr, a progress bar only when stderr is a TTY.
enum Terminal {
    static func error(_ s: String) { write("vigil: " + s + "\n") }
    static func info(_ s: String) { write(s + "\n") }
    /// A command's result, on stdout.
    static func result(_ s: String) { write(s + "\n", to: 1) }

    /// Unbuffered write to fd 2 by default (avoids the global `stderr` FILE, which Swift 6
    /// flags as shared state).
    static func write(_ s: String, to fd: Int32 = 2) {
        var t = s
        t.withUTF8 { _ = Glibc.write(fd, $0.baseAddress, $0.count) }
    }
    static var isTTY: Bool { isatty(2) == 1 }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

/// A progress bar on stderr that appears only for work taking more than a second.
final class ProgressBar {
    let label: String
    let started = Terminal.now()
    var shown = false
    var lastDraw = 0.0

    init(label: String) { self.label = label }

    func update(done: Int64, total: Int64?, packets: Int) {
        guard Terminal.isTTY else { return }
        let now = Terminal.now()
        guard now - started > 1.0, now - lastDraw > 0.1 else { return }
        lastDraw = now
        shown = true
        var line = "\r\(label) "
        if let total, total > 0 {
            let fraction = min(1.0, Double(done) / Double(total))
            let width = 30
            let filled = Int(fraction * Double(width))
            line += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            line += "\(Int(fraction * 100))% "
        }
        let rate = Double(packets) / max(now - started, 0.001)
        line += "\(packets) packets, \(Int(rate)) pkt/s   "
        Terminal.write(line)
    }

    func end() { if shown { Terminal.write("\n") } }
}
