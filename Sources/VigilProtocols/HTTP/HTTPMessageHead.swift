/// The start line and headers of an HTTP/1.x message (RFC 9112 §2–5).
public struct HTTPMessageHead: Equatable, Sendable {
    /// Request: method, target, version. Response: version, status code, reason.
    public var startLine: [String]
    public var headers: [(name: String, value: String)]

    public static func == (a: HTTPMessageHead, b: HTTPMessageHead) -> Bool {
        a.startLine == b.startLine && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }

    /// First value of a header, case-insensitively (RFC 9110 §5.1).
    public func header(_ name: String) -> String? {
        let n = name.lowercased()
        return headers.first { $0.name.lowercased() == n }?.value
    }

    public func headers(_ name: String) -> [String] {
        let n = name.lowercased()
        return headers.filter { $0.name.lowercased() == n }.map(\.value)
    }
}
