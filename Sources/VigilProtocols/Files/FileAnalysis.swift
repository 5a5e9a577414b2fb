import Crypto
import VigilCore
import VigilEvents

/// One file as it streams by: its first bytes kept until its type is sniffed, its hashes,
/// and the counts files.log gives. Content is hashed as it passes and never kept, so a file
/// costs `FileMagic.sniffedBytes` of memory whatever its size.
struct FileAnalysis {
    let fuid: String
    let ts: Timestamp
    let source: String
    let depth: Int
    let isOrig: Bool
    let filename: String?
    let totalBytes: Int?
    var lastActive: Timestamp
    /// The first bytes, until the type is sniffed from them.
    var bof: [UInt8] = []
    var mimeType: String?
    var sniffed = false
    var seen = 0
    var missing = 0
    // Zeek 7's site policy (policy/frameworks/files/hash-all-files, loaded by local.zeek)
    // hashes every file with MD5, SHA-1 and SHA-256; so does Vigil.
    var md5 = Insecure.MD5()
    var sha1 = Insecure.SHA1()
    var sha256 = SHA256()

    init(fuid: String, ts: Timestamp, source: String, depth: Int, isOrig: Bool, filename: String?, totalBytes: Int?) {
        self.fuid = fuid
        self.ts = ts
        self.lastActive = ts
        self.source = source
        self.depth = depth
        self.isOrig = isOrig
        self.filename = filename
        self.totalBytes = totalBytes
    }

    mutating func append(_ b: UnsafeRawBufferPointer, at now: Timestamp) {
        guard !b.isEmpty else { return }
        lastActive = now
        seen += b.count
        if !sniffed {
            bof.append(contentsOf: b.prefix(FileMagic.sniffedBytes - bof.count))
            if bof.count >= FileMagic.sniffedBytes { sniff() }
        }
        // After a gap the digests could not describe the file, so hashing stops (Zeek's hash
        // analyzers drop out at the first undelivered byte).
        guard missing == 0 else { return }
        md5.update(bufferPointer: b)
        sha1.update(bufferPointer: b)
        sha256.update(bufferPointer: b)
    }

    mutating func append(_ b: [UInt8], at now: Timestamp) {
        b.withUnsafeBytes { append($0, at: now) }
    }

    /// `n` bytes of the file were lost.
    mutating func gap(_ n: Int) {
        if !sniffed { sniff() }
        missing += n
    }

    mutating func sniff() {
        sniffed = true
        mimeType = bof.isEmpty ? nil : FileMagic.mimeType(of: bof)
        bof = []
    }

    /// The file ended.
    mutating func finish(flow: FlowRef) -> FileTransferEvent {
        if !sniffed { sniff() }
        let whole = missing == 0
        return FileTransferEvent(
            ts: ts, lastActive: lastActive, fuid: fuid, flow: flow, source: source, depth: depth, mimeType: mimeType,
            filename: filename, isOrig: isOrig, seenBytes: seen, totalBytes: totalBytes, missingBytes: missing,
            md5: whole ? Hex.string(md5.finalize()) : nil, sha1: whole ? Hex.string(sha1.finalize()) : nil,
            sha256: whole ? Hex.string(sha256.finalize()) : nil)
    }
}
