import VigilCore
import VigilEvents

/// Incremental HTTP/1.x message framing for one direction: head, then a body delimited by
/// Content-Length, chunked coding, or the end of the connection (RFC 9112 §6.3).
public struct HTTPParser {
    public enum Event: Equatable {
        case head(HTTPMessageHead)
        /// The body ended; its decoded length.
        case bodyEnd(Int)
        /// The decoded body of an XML response (`Content-Type` naming XML, at most
        /// `maxKeptBody` bytes), just before its `bodyEnd`: devices describe themselves in XML
        /// (UPnP device descriptions).
        case xmlBody([UInt8])
        /// A header of the next head went on over an obsolete folded line (RFC 9112 §5.2);
        /// its value was unfolded, as a recipient must, before the head was read.
        case obsoleteLineFold(header: String)
        /// The next head carries Content-Length headers with different values (RFC 9112 §6.3:
        /// the framing is invalid). Its body is framed by the first, as common servers read it.
        case conflictingContentLength(values: [String])
    }

    /// XML bodies longer than this are counted, not kept: a device description is a few KiB.
    public static let maxKeptBody = 64 * 1024
    /// The body being kept, while one is.
    var kept: [UInt8]?

    enum State: Equatable {
        case head
        case fixedBody(remaining: Int, seen: Int)
        case chunkSize(seen: Int)
        case chunkData(remaining: Int, seen: Int)
        case chunkDataEnd(seen: Int)
        case trailers(seen: Int)
        case untilClose(seen: Int)
        /// After 101 Switching Protocols, or a 2xx answer to CONNECT (RFC 9110 §9.3.6, §15.2.2):
        /// what follows is another protocol's, and is not read as HTTP.
        case switched
    }

    /// Whether the next byte begins a new message's head.
    var isAtMessageStart: Bool { state == .head }

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
    /// Set by the analyzer when the next response answers a CONNECT request.
    public var nextResponseAnswersConnect = false

    /// The connection now carries another protocol (`State.switched`).
    public var hasSwitchedProtocols: Bool { state == .switched }

    public init(isRequest: Bool) { self.isRequest = isRequest }

    public var inBody: Bool { state != .head }

    /// A message's body as it streams, told to `parse`'s `body` as it is read (before the
    /// events of the same call are handled): every message gets a `start` and an `end`, a
    /// message without a body too, and `data` carries the body with any chunked coding removed.
    public enum BodyEvent {
        case start(HTTPMessageHead)
        case data(UnsafeRawBufferPointer)
        case end
    }

    /// Consumes as much of `b` as forms events; returns the events and bytes consumed.
    public mutating func parse(
        _ b: UnsafeRawBufferPointer, events: inout [Event], body: (BodyEvent) -> Void = { _ in }
    ) throws(HTTPFailure) -> Int {
        var o = 0
        while o < b.count {
            switch state {
            case .head:
                guard let end = HTTPParser.findHeadEnd(b, from: o) else {
                    if b.count - o > HTTPParser.maxHeadBytes { throw .headTooLarge }
                    return o
                }
                let head = try HTTPParser.parseHead(UnsafeRawBufferPointer(rebasing: b[o..<end]), isRequest: isRequest) {
                    events.append(.obsoleteLineFold(header: $0))
                }
                o = end
                // Two lengths that differ frame the body two ways: the way request smuggling
                // hides a request from one parser behind another.
                let lengths = head.headers("Content-Length")
                if lengths.count > 1, Set(lengths.map { $0.trimmingCharacters(in: " \t") }).count > 1 {
                    events.append(.conflictingContentLength(values: lengths))
                }
                events.append(.head(head))
                body(.start(head))
                state = bodyState(for: head)
                if state == .head || state == .switched {
                    body(.end)
                    events.append(.bodyEnd(0))
                }
            case .fixedBody(let remaining, let seen):
                let n = min(remaining, b.count - o)
                keep(b, o, n, body)
                o += n
                if n == remaining {
                    state = .head
                    endBody(seen + n, &events, body)
                } else {
                    state = .fixedBody(remaining: remaining - n, seen: seen + n)
                }
            case .switched:
                return b.count
            case .untilClose(let seen):
                keep(b, o, b.count - o, body)
                state = .untilClose(seen: seen + b.count - o)
                o = b.count
            case .chunkSize(let seen):
                guard let lineEnd = HTTPParser.findCRLF(b, from: o) else { return o }
                // The size is read as its leading hex digits, as tshark and Zeek read it: junk
                // after them ("fx", an extension without ";") does not hide the body from
                // file analysis, which is how evasion tools try to slip content past a monitor.
                // White space before them (a vertical tab or form feed, as HTTP evasion tools
                // send) is skipped too, as tshark and Suricata's libhtp skip it; Zeek stops
                // reading the body there and so would miss the file.
                let line = String(decoding: b[o..<lineEnd], as: UTF8.self).trimmingCharacters(in: " \t\u{0B}\u{0C}\r")
                let hex = line.prefix { $0.isHexDigit }
                guard !hex.isEmpty, hex.count <= 15, let size = Int(hex, radix: 16) else { throw .badChunkSize }
                o = lineEnd + 2
                state = size == 0 ? .trailers(seen: seen) : .chunkData(remaining: size, seen: seen)
            case .chunkData(let remaining, let seen):
                let n = min(remaining, b.count - o)
                keep(b, o, n, body)
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
                    endBody(seen, &events, body)
                }
            }
        }
        return o
    }

    /// At end of stream, a body delimited by connection close ends here.
    public mutating func finish(events: inout [Event], body: (BodyEvent) -> Void = { _ in }) {
        switch state {
        case .untilClose(let seen), .fixedBody(_, let seen), .chunkData(_, let seen), .chunkSize(let seen), .chunkDataEnd(let seen),
            .trailers(let seen):
            endBody(seen, &events, body)
        case .head, .switched: break
        }
        state = .head
    }

    /// Keeps `n` body bytes from `o` while the body is kept and under `maxKeptBody`; past it,
    /// the body is dropped whole (a truncated description would be read wrong).
    mutating func keep(_ b: UnsafeRawBufferPointer, _ o: Int, _ n: Int, _ body: (BodyEvent) -> Void) {
        guard n > 0 else { return }
        body(.data(UnsafeRawBufferPointer(rebasing: b[o..<(o + n)])))
        guard kept != nil else { return }
        if kept!.count + n > Self.maxKeptBody {
            kept = nil
        } else {
            kept!.append(contentsOf: UnsafeRawBufferPointer(rebasing: b[o..<(o + n)]))
        }
    }

    mutating func endBody(_ length: Int, _ events: inout [Event], _ body: (BodyEvent) -> Void) {
        body(.end)
        if let xml = kept, !xml.isEmpty { events.append(.xmlBody(xml)) }
        kept = nil
        events.append(.bodyEnd(length))
    }

    mutating func bodyState(for head: HTTPMessageHead) -> State {
        // Responses whose type names XML are kept for the analyzer ("text/xml", "application/xml").
        kept = !isRequest && head.header("Content-Type")?.lowercased().contains("xml") == true ? [] : nil
        if !isRequest {
            let status = head.statusCode ?? 0
            let answersConnect = nextResponseAnswersConnect
            if status >= 200 || status == 101 { nextResponseAnswersConnect = false }
            if status == 101 || (answersConnect && (200..<300).contains(status)) { return .switched }
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

    /// Splits a head into its start line and headers.
    ///
    /// Each line is first made log-safe (`BytesText`), then split on its bytes: the escaped
    /// text is printable ASCII, so each byte is one Character and the splits are the ones
    /// String's would give. Working on bytes matters because Strings per line, per split and
    /// per trim cost ~94,000 instructions a head in bench/run.sh's profile (27,000 now).
    /// `version` is what a response's first word starts with: RTSP (RFC 2326 §6) and SSDP
    /// share HTTP/1.1's message head, RTSP with its own version name.
    /// `folded` is told the name of each header continued on an obsolete folded line.
    static func parseHead(
        _ b: UnsafeRawBufferPointer, isRequest: Bool, version: String = "HTTP/", folded: (String) -> Void = { _ in }
    ) throws(HTTPFailure) -> HTTPMessageHead {
        var text: [UInt8] = []
        var lines: [Range<Int>] = []
        var start = 0
        for i in 0...b.count where i == b.count || b[i] == 10 {
            var end = i
            if end > start && b[end - 1] == 13 { end -= 1 }  // a CR before the LF
            let from = text.count
            BytesText.appendEscaped(UnsafeRawBufferPointer(rebasing: b[start..<end]), limit: maxHeadBytes, to: &text)
            lines.append(from..<text.count)
            start = i + 1
        }
        let first = lines.firstIndex { !$0.isEmpty }  // RFC 9112 §2.2: ignore leading empty lines
        guard let first else { throw .malformedStartLine }
        let parts = Self.startLineParts(text[lines[first]]).map(Self.string)
        if isRequest {
            guard parts.count >= 2, methods.contains(parts[0]) || parts[0].allSatisfy({ $0.isUppercase || $0 == "-" }) else {
                throw .malformedStartLine
            }
        } else {
            guard parts.count >= 2, parts[0].hasPrefix(version) else { throw .malformedStartLine }
        }
        var headers: [(String, String)] = []
        for range in lines[(first + 1)...] where !range.isEmpty {
            let line = text[range]
            // Obsolete line folding (RFC 9112 §5.2): the line goes on the header before it, joined
            // by a space. Smuggling uses it to hide a header from parsers that do not unfold.
            if line.first == UInt8(ascii: " "), let last = headers.popLast() {
                headers.append((last.0, last.1 + " " + Self.string(Self.trimmingSpaces(line))))
                folded(last.0)
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            headers.append((Self.string(line[..<colon]), Self.string(Self.trimmingSpaces(line[(colon + 1)...]))))
        }
        return HTTPMessageHead(startLine: parts, headers: headers)
    }

    /// The start line split at spaces into at most three parts, as
    /// `split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)` does: runs of
    /// spaces between the first parts are skipped, and the third part is the rest as it is.
    static func startLineParts(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var partStart = line.startIndex
        var i = line.startIndex
        while i < line.endIndex {
            if line[i] == UInt8(ascii: " ") {
                if i > partStart { parts.append(line[partStart..<i]) }
                partStart = i + 1
                if parts.count == 2 { break }
            }
            i += 1
        }
        if partStart < line.endIndex { parts.append(line[partStart...]) }
        return parts
    }

    /// Without leading and trailing spaces (escaped text has no tabs: they are `\x09`).
    static func trimmingSpaces(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = s
        while s.first == UInt8(ascii: " ") { s.removeFirst() }
        while s.last == UInt8(ascii: " ") { s.removeLast() }
        return s
    }

    static func string(_ s: ArraySlice<UInt8>) -> String { String(decoding: s, as: UTF8.self) }

    /// Content signature: a request line with a known method, or a status line.
    public static func looksLikeHTTP(_ b: UnsafeRawBufferPointer) -> Bool {
        // Every TCP flow's first bytes come here. A method, like "HTTP/1.", starts with an
        // upper-case ASCII letter: anything else is refused before a String is built (~6,000
        // instructions a flow).
        guard let first = b.first, first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z") else { return false }
        let prefix = String(decoding: b.prefix(16), as: UTF8.self)
        if prefix.hasPrefix("HTTP/1.") { return true }
        guard let space = prefix.firstIndex(of: " ") else { return false }
        return methods.contains(String(prefix[..<space]))
    }
}

extension HTTPParser {
    /// Zeek's client signature for HTTP, `^[[:space:]]*(GET|HEAD|POST)[[:space:]]*`
    /// (base/protocols/http/dpd.sig): a GET, HEAD or POST after any white space.
    public static func opensLikeZeekHTTPClient(_ b: UnsafeRawBufferPointer) -> Bool {
        let start = b.firstIndex { !isSpace($0) } ?? b.count
        let rest = UnsafeRawBufferPointer(rebasing: b[start...])
        return ["GET", "HEAD", "POST"].contains { rest.starts(with: $0.utf8) }
    }

    /// Zeek's server signature for HTTP, `^HTTP\/[0-9]`: a status line's version.
    public static func opensLikeZeekHTTPServer(_ b: UnsafeRawBufferPointer) -> Bool {
        b.count >= 6 && b.starts(with: "HTTP/".utf8) && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[5])
    }

    /// POSIX's [[:space:]]: space, tab, newline, vertical tab, form feed, carriage return.
    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (0x09...0x0D).contains(c) }
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
