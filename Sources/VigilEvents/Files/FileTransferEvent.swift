import VigilCore

/// One file carried by a connection (an HTTP body, or one part of a multipart body), as Zeek's
/// file analysis describes it (base/frameworks/files/main.zeek, `Files::Info`): where it came
/// from, what its content says it is, how much of it was seen, and its hashes.
public struct FileTransferEvent: Sendable {
    /// When the file's first bytes were seen.
    public var ts: Timestamp
    /// When its last bytes were seen.
    public var lastActive: Timestamp
    /// Zeek's file id: "F" and base62 text, unique per file.
    public var fuid: String
    public var flow: FlowRef
    /// The protocol that carried it, in Zeek's words ("HTTP").
    public var source: String
    /// For HTTP, the request's place in the connection (http.log's trans_depth).
    public var depth: Int
    /// Sniffed from the content (`FileMagic`), never taken from a header; nil when nothing matched.
    public var mimeType: String?
    /// From a Content-Disposition header's filename parameter.
    public var filename: String?
    /// Sent by the connection's originator.
    public var isOrig: Bool
    /// Bytes handed to file analysis.
    public var seenBytes: Int
    /// The size the protocol announced (HTTP's Content-Length), when it did.
    public var totalBytes: Int?
    /// Bytes lost to gaps in the stream.
    public var missingBytes: Int
    /// The enclosing file's fuid, for files found inside another.
    public var parentFUID: String?
    /// Hex digests of the whole content; nil when a gap left the content incomplete.
    public var md5: String?
    public var sha1: String?
    public var sha256: String?

    public init(
        ts: Timestamp, lastActive: Timestamp, fuid: String, flow: FlowRef, source: String, depth: Int, mimeType: String?,
        filename: String?, isOrig: Bool, seenBytes: Int, totalBytes: Int?, missingBytes: Int, parentFUID: String? = nil,
        md5: String?, sha1: String?, sha256: String?
    ) {
        self.ts = ts
        self.lastActive = lastActive
        self.fuid = fuid
        self.flow = flow
        self.source = source
        self.depth = depth
        self.mimeType = mimeType
        self.filename = filename
        self.isOrig = isOrig
        self.seenBytes = seenBytes
        self.totalBytes = totalBytes
        self.missingBytes = missingBytes
        self.parentFUID = parentFUID
        self.md5 = md5
        self.sha1 = sha1
        self.sha256 = sha256
    }

    /// What a protocol log says of the file (http.log's fuids, filenames and mime types).
    public var reference: FileReference { FileReference(fuid: fuid, filename: filename, mimeType: mimeType) }
}

/// A file as a protocol's log row names it.
public struct FileReference: Sendable, Equatable {
    public var fuid: String
    public var filename: String?
    public var mimeType: String?

    public init(fuid: String, filename: String?, mimeType: String?) {
        self.fuid = fuid
        self.filename = filename
        self.mimeType = mimeType
    }
}
