import VigilCore
import VigilEvents

/// The files in one HTTP message's body, as Zeek's HTTP analyzer hands them to file analysis:
/// the body is one file, unless it is multipart or a message, whose leaf entities are one file
/// each (`MIMEEntityReader`). A body without bytes is no file.
struct HTTPBodyFiles {
    let filename: String?
    /// Content-Length, when the body is one file.
    let totalBytes: Int?
    var reader: MIMEEntityReader?
    /// Inflates a gzip- or deflate-encoded body before anything reads it.
    let inflater: HTTPContentInflater?
    var files: MIMEPartFiles
    var parts: [MIMEEntityReader.Part] = []

    init(head: HTTPMessageHead, isOrig: Bool, depth: Int) {
        files = MIMEPartFiles(source: "HTTP", isOrig: isOrig, depth: depth)
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
            return files.content(b, filename: filename, totalBytes: totalBytes, context: context, fileNumber: &fileNumber)
        }
        reader!.read(b, into: &parts)
        files.take(parts, context: context, fileNumber: &fileNumber)
        parts.removeAll(keepingCapacity: true)
    }

    /// Bytes of the body that were never seen.
    mutating func gap(_ n: Int) { files.gap(n) }

    /// The body ended: its files are finished and emitted; returns what http.log names.
    mutating func end(context: FlowContext, fileNumber: inout Int) -> [FileReference] {
        if reader != nil {
            reader!.finish(into: &parts)
            files.take(parts, context: context, fileNumber: &fileNumber)
            parts.removeAll()
        }
        files.close(context)
        return files.references
    }
}
