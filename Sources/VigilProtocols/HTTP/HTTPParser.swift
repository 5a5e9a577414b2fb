import VigilCore

/// Incremental HTTP/1.x message framing for one direction: head, then a body delimited by
/// Content-Length, chunked coding, or the end of the connection (RFC 9112 §6.3).
public struct HTTPParser {
    public enum Event: Equatable {
        case head(HTTPMessageHead)
        /// The body ended; its decoded length.
        case bodyEnd(Int)
    }

    enum State: Equatable {
        case head
        case fixedBody(remaining: Int, seen: Int)
        case chunkSize(seen: Int)
        case chunkData(remaining: Int, seen: Int)
        case chunkDataEnd(seen: Int)
        case trailers(seen: Int)
        case untilClose(seen: Int)
    }

    public static let methods: Set<String> = [
        "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "CONNECT", "TRACE", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL",
        "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH", "REPORT", "SUBSCRIBE", "NOTIFY", "M-SEARCH", "MERGE", "CHECKOUT",
    ]
    /// A header block longer than this is not HTTP worth following (Apache's default limit on
    /// the request line plus headers is of the same order).
    public static let maxHeadBytes = 64 * 1024

    var state = State.head
    let isRequest: Bool
    /// Set by the analyzer for responses whose request forbids a body (HEAD) or statuses
    /// that have none (1xx, 204, 304).
    public var nextResponseHasNoBody = false

    public init(isRequest: Bool) { self.isRequest = isRequest }

    public var inBody: Bool { state != .head }

    /// Consumes as much of `b` as forms events; returns the events and bytes consumed.
    public mutating func parse(_ b: UnsafeRawBufferPointer, events: inout [Event]) throws(HTTPFailure) -> Int {
        var o = 0
        while o < b.count {
            switch state {
            case .head:
                guard let end = HTTPParser.findHeadEnd(b, from: o) else {
                    if b.count - o > HTTPParser.maxHeadBytes { throw .headTooLarge }
                    return o
                }
                let head = try HTTPParser.parseHead(UnsafeRawBufferPointer(rebasing: b[o..<end]), isRequest: isRequest)
                o = end
                events.append(.head(head))
                state = bodyState(for: head)
                if case .head = state { events.append(.bodyEnd(0)) }
            case .fixedBody(let remaining, let seen):
                let n = min(remaining, b.count - o)
                o += n
                if n == remaining {
                    state = .head
                    events.append(.bodyEnd(seen + n))
                } else {
                    state = .fixedBody(remaining: remaining - n, seen: seen + n)
                }
            case .untilClose(let seen):
                state = .untilClose(seen: seen + b.count - o)
                o = b.count
            case .chunkSize(let seen):
                guard let lineEnd = HTTPParser.findCRLF(b, from: o) else { return o }
                let line = String(decoding: b[o..<lineEnd], as: UTF8.self)
                let hex = line.split(separator: ";").first.map { $0.trimmingCharacters(in: " \t") } ?? ""
                guard let size = Int(hex, radix: 16), size >= 0 else { throw .badChunkSize }
                o = lineEnd + 2
                state = size == 0 ? .trailers(seen: seen) : .chunkData(remaining: size, seen: seen)
            case .chunkData(let remaining, let seen):
                let n = min(remaining, b.count - o)
                o += n
                state = n == remaining ? .chunkDataEnd(seen: seen + n) : .chunkData(remaining: remaining - n, seen: seen + n)
            case .chunkDataEnd(let seen):
                guard b.count - o >= 2 else { return o }
                o += 2
                state = .chunkSize(seen: seen)
            case .trailers(let seen):
                guard let lineEnd = HTTPParser.findCRLF(b, from: o) else { return o }
                let empty = lineEnd == o
                o = lineEnd + 2
                if empty {
                    state = .head
                    events.append(.bodyEnd(seen))
                }
            }
        }
        return o
    }

    /// At end of stream, a body delimited by connection close ends here.
    public mutating func finish(events: inout [Event]) {
        switch state {
        case .untilClose(let seen), .fixedBody(_, let seen), .chunkData(_, let seen), .chunkSize(let seen), .chunkDataEnd(let seen),
            .trailers(let seen):
            events.append(.bodyEnd(seen))
        case .head: break
        }
        state = .head
    }

    mutating func bodyState(for head: HTTPMessageHead) -> State {
        if !isRequest {
            let status = Int(head.startLine.count > 1 ? head.startLine[1] : "") ?? 0
            if (100..<200).contains(status) { return .head }
            if nextResponseHasNoBody || status == 204 || status == 304 {
                nextResponseHasNoBody = false
                return .head
            }
        }
        if head.header("Transfer-Encoding")?.lowercased().contains("chunked") == true { return .chunkSize(seen: 0) }
        if let cl = head.header("Content-Length"), let n = Int(cl.trimmingCharacters(in: " \t")), n >= 0 {
            return n == 0 ? .head : .fixedBody(remaining: n, seen: 0)
        }
        return isRequest ? .head : .untilClose(seen: 0)
    }

    static func findCRLF(_ b: UnsafeRawBufferPointer, from: Int) -> Int? {
        var i = from
        while i + 1 < b.count {
            if b[i] == 13 && b[i + 1] == 10 { return i }
            i += 1
        }
        return nil
    }

    /// Index just past the blank line ending the head; bare LF line ends are tolerated.
    static func findHeadEnd(_ b: UnsafeRawBufferPointer, from: Int) -> Int? {
        var i = from
        while i < b.count {
            if b[i] == 10 {
                if i + 1 < b.count && b[i + 1] == 10 { return i + 2 }
                if i + 2 < b.count && b[i + 1] == 13 && b[i + 2] == 10 { return i + 3 }
            }
            i += 1
        }
        return nil
    }

    static func parseHead(_ b: UnsafeRawBufferPointer, isRequest: Bool) throws(HTTPFailure) -> HTTPMessageHead {
        // Split on LF in the raw bytes (dropping a CR before it), then make each line log-safe.
        var lines: [Substring] = []
        var start = 0
        for i in 0...b.count where i == b.count || b[i] == 10 {
            var end = i
            if end > start && b[end - 1] == 13 { end -= 1 }
            lines.append(Substring(BytesText.escaped(UnsafeRawBufferPointer(rebasing: b[start..<end]), limit: maxHeadBytes)))
            start = i + 1
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }  // RFC 9112 §2.2: ignore leading empty lines
        guard let first = lines.first else { throw .malformedStartLine }
        let parts = first.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        if isRequest {
            guard parts.count >= 2, methods.contains(parts[0]) || parts[0].allSatisfy({ $0.isUppercase || $0 == "-" }) else {
                throw .malformedStartLine
            }
        } else {
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/") else { throw .malformedStartLine }
        }
        var headers: [(String, String)] = []
        for line in lines.dropFirst() where !line.isEmpty {
            if line.first == " " || line.first == "\t", let last = headers.popLast() {  // obsolete line folding
                headers.append((last.0, last.1 + " " + line.trimmingCharacters(in: " \t")))
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: " \t")))
        }
        return HTTPMessageHead(startLine: parts, headers: headers)
    }

    /// Content signature: a request line with a known method, or a status line.
    public static func looksLikeHTTP(_ b: UnsafeRawBufferPointer) -> Bool {
        let prefix = String(decoding: b.prefix(16), as: UTF8.self)
        if prefix.hasPrefix("HTTP/1.") { return true }
        guard let space = prefix.firstIndex(of: " ") else { return false }
        return methods.contains(String(prefix[..<space]))
    }
}

public enum HTTPFailure: Error, Equatable {
    case headTooLarge, malformedStartLine, badChunkSize

    public var weirdName: String {
        switch self {
        case .headTooLarge: return "http_header_too_large"
        case .malformedStartLine: return "bad_HTTP_request"
        case .badChunkSize: return "bad_HTTP_chunk_size"
        }
    }
}

extension StringProtocol {
    /// Trims the given characters from both ends (Foundation-free).
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
