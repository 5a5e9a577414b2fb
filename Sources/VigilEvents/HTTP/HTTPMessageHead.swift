/// The start line and headers of an HTTP/1.x message (RFC 9112 §2–5).
public struct HTTPMessageHead: Equatable, Sendable {
    /// Request: method, target, version. Response: version, status code, reason.
    public var startLine: [String]
    public var headers: [(name: String, value: String)]

    public init(startLine: [String], headers: [(name: String, value: String)]) {
        self.startLine = startLine
        self.headers = headers
    }

    public static func == (a: HTTPMessageHead, b: HTTPMessageHead) -> Bool {
        a.startLine == b.startLine && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }

    /// A response's status code (RFC 9112 §4), nil when the status line has none that reads
    /// as a number.
    public var statusCode: Int? { startLine.count > 1 ? Int(startLine[1]) : nil }

    /// A response's reason phrase, empty when the status line ends after the code.
    public var reason: String { startLine.count > 2 ? startLine[2] : "" }

    /// First value of a header, case-insensitively (RFC 9110 §5.1).
    public func header(_ name: String) -> String? {
        headers.first { Self.sameName($0.name, name) }?.value
    }

    public func headers(_ name: String) -> [String] {
        headers.filter { Self.sameName($0.name, name) }.map(\.value)
    }

    /// Header names compared in ASCII case: a parsed name is escaped text, printable ASCII
    /// only (`HTTPParser.parseHead`), so this is what `lowercased()` on both would give,
    /// without two new Strings per header per lookup.
    static func sameName(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                guard x.count == y.count else { return false }
                for i in 0..<x.count where x[i] != y[i] {
                    guard x[i] | 0x20 == y[i] | 0x20, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(x[i] | 0x20) else { return false }
                }
                return true
            }
        }
    }
}
