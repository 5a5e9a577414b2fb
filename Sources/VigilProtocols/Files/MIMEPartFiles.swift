import VigilCore
import VigilEvents

/// The files of one message body, as a protocol analyzer hands its content over: the body as
/// it comes (an HTTP body that is one file), or the leaf parts a `MIMEEntityReader` finds in
/// it. A file opens on its first byte and is emitted (files.log) when it ends; `references`
/// are what the protocol's own log names.
struct MIMEPartFiles {
    /// Zeek's name of the carrying protocol: files.log's source.
    let source: String
    let isOrig: Bool
    /// Every file's depth, or nil for each part's entity ordinal (Zeek's SMTP depth).
    let depth: Int?
    var current: FileAnalysis?
    /// The part being read, for the file its first byte opens.
    var leaf: MIMEEntityHeader?
    var references: [FileReference] = []

    init(source: String, isOrig: Bool, depth: Int?) {
        self.source = source
        self.isOrig = isOrig
        self.depth = depth
    }

    /// Content of the current file, opening it (with this name and size) on its first byte.
    mutating func content(
        _ b: UnsafeRawBufferPointer, filename: String?, totalBytes: Int?, context: FlowContext, fileNumber: inout Int
    ) {
        if current == nil {
            fileNumber += 1
            current = FileAnalysis(
                fuid: ConnectionUIDGenerator.fileUID(connection: context.uid, number: fileNumber), ts: context.ts, source: source,
                depth: depth ?? leaf?.ordinal ?? 0, isOrig: isOrig, filename: filename, totalBytes: totalBytes)
        }
        current!.append(b, at: context.ts)
    }

    /// What a MIME reader found: each leaf is a file.
    mutating func take(_ parts: [MIMEEntityReader.Part], context: FlowContext, fileNumber: inout Int) {
        for p in parts {
            switch p {
            case .begin(let h):
                close(context)
                leaf = h
            case .data(let bytes):
                bytes.withUnsafeBytes { content($0, filename: leaf?.filename, totalBytes: nil, context: context, fileNumber: &fileNumber) }
            case .end:
                close(context)
                leaf = nil
            case .tooDeep:
                context.weird("exceeded_mime_max_depth", "\(MIMEEntityReader.maxDepth)", source: source.lowercased())
                context.partial.mark(isOrig: isOrig)
            }
        }
    }

    mutating func gap(_ n: Int) { current?.gap(n) }

    /// The current file ended: it goes to files.log and its reference to the protocol's row.
    mutating func close(_ context: FlowContext) {
        guard var f = current else { return }
        current = nil
        let event = f.finish(flow: context.flow)
        references.append(event.reference)
        context.sink.emit(.file(event))
    }
}
