/// Reads a MIME body as it streams by and hands out the leaf entities it holds: each part of
/// a multipart body (RFC 2046 §5.1), and the parts of messages inside it (message/rfc822,
/// §5.2.1), decoded from base64 or quoted-printable (RFC 2045 §6). Every leaf is a file to
/// Zeek's file analysis, and so to Vigil's.
///
/// The body is read line by line, as boundaries are lines. A line too long to be a boundary
/// is passed on in pieces, so a binary part without line ends is never held whole.
public struct MIMEEntityReader {
    /// What the reader found, in order.
    public enum Part: Equatable {
        /// A leaf entity starts: its headers' type, file name and place in the nesting.
        case begin(MIMEEntityHeader)
        /// Decoded content of the current leaf.
        case data([UInt8])
        /// The current leaf ended.
        case end
        /// Entities nested deeper than `maxDepth` were skipped (Zeek's MIME_MAX_DEPTH).
        case tooDeep
    }

    /// Zeek's limit on nested entities (MIME.cc, MIME_MAX_DEPTH).
    public static let maxDepth = 100
    /// A line longer than this cannot be a boundary (at most 70 characters, RFC 2046 §5.1.1,
    /// with room for padding): its bytes go on as content.
    static let maxLine = 4096
    /// Header lines of one entity beyond this many bytes are dropped.
    static let maxHeaderBytes = 64 * 1024

    enum State {
        /// Reading an entity's header lines, at this depth.
        case headers(depth: Int)
        /// In a leaf's content.
        case leaf
        /// Between a multipart's start and its first boundary, or after its last: not content.
        case ignored
    }

    var state: State
    /// The boundaries of the multiparts enclosing the current line, outermost first, with
    /// the depth of each multipart entity.
    var boundaries: [(delimiter: [UInt8], depth: Int)] = []
    var headerLines: [[UInt8]] = []
    var headerBytes = 0
    var line: [UInt8] = []
    /// The line break ending the previous content line: it belongs to the content unless a
    /// boundary follows (RFC 2046 §5.1.1 gives the break before a boundary to the boundary).
    var pendingBreak = false
    var decoder = MIMEContentDecoder(encoding: .identity)
    var reportedTooDeep = false
    var entitiesBegun = 0

    /// The body's own entity, entered on the first read.
    var top: MIMEEntityHeader?
    /// The current line was passed on in part (`flushLongLine`): its rest is no boundary.
    var lineContinues = false

    /// A reader for a body whose own headers (an HTTP message's) name `contentType`.
    public init(contentType: String, transferEncoding: String? = nil, filename: String? = nil) {
        state = .ignored
        top = MIMEEntityHeader(contentType: contentType, transferEncoding: transferEncoding, filename: filename, depth: 0)
    }

    mutating func enterTop(_ parts: inout [Part]) {
        guard let t = top else { return }
        top = nil
        enter(t, &parts)
    }

    /// Whether a body of this type has entities to read; other bodies are one file as they are.
    public static func splits(contentType: String?) -> Bool {
        guard let t = contentType.map({ MIMEEntityHeader.mediaType($0) }) else { return false }
        return t.hasPrefix("multipart/") || t == "message/rfc822"
    }

    /// Reads `bytes`, appending what they complete to `parts`.
    public mutating func read(_ bytes: UnsafeRawBufferPointer, into parts: inout [Part]) {
        enterTop(&parts)
        var start = 0
        for i in 0..<bytes.count where bytes[i] == 0x0A {
            append(UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
            endLine(terminated: true, &parts)
            start = i + 1
        }
        append(UnsafeRawBufferPointer(rebasing: bytes[start...]))
        if line.count > Self.maxLine { flushLongLine(&parts) }
    }

    /// The body ended: a last unterminated line is read, and open leaves end.
    public mutating func finish(into parts: inout [Part]) {
        enterTop(&parts)
        if !line.isEmpty { endLine(terminated: false, &parts) }
        if case .leaf = state { endLeaf(&parts) }
        state = .ignored
        boundaries.removeAll()
    }

    mutating func append(_ b: UnsafeRawBufferPointer) {
        line.append(contentsOf: b)
    }

    mutating func endLine(terminated: Bool, _ parts: inout [Part]) {
        if line.last == 0x0D { line.removeLast() }
        let continues = lineContinues
        defer {
            line.removeAll(keepingCapacity: true)
            lineContinues = false
        }
        if !continues, let (index, closes) = matchBoundary() {
            if case .leaf = state { endLeaf(&parts) }
            let depth = boundaries[index].depth
            if closes {
                boundaries.removeSubrange(index...)
                state = .ignored
            } else {
                boundaries.removeSubrange((index + 1)...)
                startHeaders(depth: depth + 1, &parts)
            }
            return
        }
        switch state {
        case .headers(let depth):
            if line.isEmpty {
                let header = MIMEEntityHeader(lines: headerLines, depth: depth)
                headerLines.removeAll()
                headerBytes = 0
                enter(header, &parts)
            } else if headerBytes + line.count <= Self.maxHeaderBytes {
                headerBytes += line.count
                if let c = line.first, c == 0x20 || c == 0x09, !headerLines.isEmpty {
                    headerLines[headerLines.count - 1] += line  // a folded line (RFC 5322 §2.2.3)
                } else {
                    headerLines.append(line)
                }
            }
        case .leaf:
            content(line, &parts)
            pendingBreak = terminated
        case .ignored:
            break
        }
    }

    /// A long line in a leaf goes on as content now; elsewhere it is dropped.
    mutating func flushLongLine(_ parts: inout [Part]) {
        if case .leaf = state { content(line, &parts) }
        line.removeAll(keepingCapacity: true)
        lineContinues = true
    }

    mutating func content(_ bytes: [UInt8], _ parts: inout [Part]) {
        var out: [UInt8] = []
        if pendingBreak {
            decoder.lineBreak(into: &out)
            pendingBreak = false
        }
        decoder.decode(bytes, into: &out)
        if !out.isEmpty { parts.append(.data(out)) }
    }

    /// Which enclosing boundary the current line is, innermost first, and whether it is the
    /// closing one (`--boundary--`). Trailing white space is allowed (RFC 2046 §5.1.1).
    func matchBoundary() -> (Int, Bool)? {
        guard line.count >= 3, line[0] == 0x2D, line[1] == 0x2D else { return nil }
        for index in boundaries.indices.reversed() {
            let d = boundaries[index].delimiter
            guard line.count >= 2 + d.count, line[2..<(2 + d.count)].elementsEqual(d) else { continue }
            var rest = line[(2 + d.count)...]
            let closes = rest.starts(with: [0x2D, 0x2D])
            if closes { rest = rest.dropFirst(2) }
            guard rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { continue }
            return (index, closes)
        }
        return nil
    }

    mutating func startHeaders(depth: Int, _ parts: inout [Part]) {
        headerLines.removeAll()
        headerBytes = 0
        state = .headers(depth: depth)
    }

    /// An entity's headers are read: a multipart waits for its first boundary, a message
    /// reads its own headers next, anything else is a leaf.
    mutating func enter(_ entity: MIMEEntityHeader, _ parts: inout [Part]) {
        var header = entity
        header.ordinal = entitiesBegun
        entitiesBegun += 1
        if header.depth > Self.maxDepth {
            if !reportedTooDeep { parts.append(.tooDeep) }
            reportedTooDeep = true
            state = .ignored
            return
        }
        let type = header.mediaType
        if type.hasPrefix("multipart/"), let boundary = header.boundary {
            boundaries.append((Array(boundary.utf8), header.depth))
            state = .ignored
        } else if type == "message/rfc822" {
            startHeaders(depth: header.depth + 1, &parts)
        } else {
            decoder = MIMEContentDecoder(encoding: .init(header.transferEncoding))
            pendingBreak = false
            state = .leaf
            parts.append(.begin(header))
        }
    }

    mutating func endLeaf(_ parts: inout [Part]) {
        var out: [UInt8] = []
        decoder.finish(into: &out)
        if !out.isEmpty { parts.append(.data(out)) }
        parts.append(.end)
        pendingBreak = false
        state = .ignored
    }
}
