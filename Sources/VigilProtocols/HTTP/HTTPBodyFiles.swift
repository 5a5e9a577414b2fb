import VigilCore
import VigilEvents

/// The files in one HTTP message's body, as Zeek's HTTP analyzer hands them to file analysis:
/// the body is one file, unless it is multipart or a message, whose leaf entities are one file
/// each (`MIMEEntityReader`). A body without bytes is no file.
struct HTTPBodyFiles {
    let isOrig: Bool
    /// The transaction's place in the connection (files.log's depth).
    let depth: Int
    let filename: String?
    /// Content-Length, when the body is one file.
    let totalBytes: Int?
    var reader: MIMEEntityReader?
    var current: FileAnalysis?
    /// The header of the leaf being read, for the file it starts on its first byte.
    var leaf: MIMEEntityHeader?
    /// Inflates a gzip- or deflate-encoded body before anything reads it.
    let inflater: HTTPContentInflater?
    var references: [FileReference] = []
    var parts: [MIMEEntityReader.Part] = []

    init(head: HTTPMessageHead, isOrig: Bool, depth: Int) {
        self.isOrig = isOrig
        self.depth = depth
        let type = head.header("Content-Type")
        filename = head.header("Content-Disposition").flatMap { MIMEEntityHeader.parameter("filename", in: $0) }
        inflater = head.header("Content-Encoding").flatMap { HTTPContentInflater(contentEncoding: $0) }
        if MIMEEntityReader.splits(contentType: type), let type {
            reader = MIMEEntityReader(contentType: type, transferEncoding: head.header("Content-Transfer-Encoding"))
            totalBytes = nil
        } else {
            // Content-Length counts the encoded bytes: the size of an inflated file is unknown.
            totalBytes = inflater == nil ? head.header("Content-Length").flatMap { Int($0.trimmed) } : nil
        }
    }

    mutating func data(_ b: UnsafeRawBufferPointer, context: FlowContext, fileNumber: inout Int) {
        guard let inflater else { return content(b, context: context, fileNumber: &fileNumber) }
        inflater.inflate(b) { content($0, context: context, fileNumber: &fileNumber) }
    }

    /// The body's content, decoded.
    mutating func content(_ b: UnsafeRawBufferPointer, context: FlowContext, fileNumber: inout Int) {
        guard reader != nil else {
            if current == nil { current = open(filename: filename, total: totalBytes, context: context, fileNumber: &fileNumber) }
            current!.append(b, at: context.ts)
            return
        }
        reader!.read(b, into: &parts)
        take(parts: context, fileNumber: &fileNumber)
    }

    /// Bytes of the body that were never seen.
    mutating func gap(_ n: Int) {
        current?.gap(n)
    }

    /// The body ended: its files are finished and emitted; returns what http.log names.
    mutating func end(context: FlowContext, fileNumber: inout Int) -> [FileReference] {
        if reader != nil {
            reader!.finish(into: &parts)
            take(parts: context, fileNumber: &fileNumber)
        }
        close(context)
        return references
    }

    mutating func take(parts context: FlowContext, fileNumber: inout Int) {
        for p in parts {
            switch p {
            case .begin(let h):
                close(context)
                leaf = h
            case .data(let bytes):
                if current == nil {
                    current = open(filename: leaf?.filename, total: nil, context: context, fileNumber: &fileNumber)
                }
                current!.append(bytes, at: context.ts)
            case .end:
                close(context)
                leaf = nil
            case .tooDeep:
                context.weird("exceeded_mime_max_depth", "\(MIMEEntityReader.maxDepth)", source: "http")
            }
        }
        parts.removeAll(keepingCapacity: true)
    }

    func open(filename: String?, total: Int?, context: FlowContext, fileNumber: inout Int) -> FileAnalysis {
        fileNumber += 1
        return FileAnalysis(
            fuid: ConnectionUIDGenerator.fileUID(connection: context.uid, number: fileNumber), ts: context.ts, source: "HTTP",
            depth: depth, isOrig: isOrig, filename: filename, totalBytes: total)
    }

    mutating func close(_ context: FlowContext) {
        guard var f = current else { return }
        current = nil
        let event = f.finish(flow: context.flow)
        references.append(event.reference)
        context.sink.emit(.file(event))
    }
}
