import VigilCore
import VigilEvents
import VigilLogs

/// Writes files.log as Zeek 7 does (base/frameworks/files/main.zeek, with base/files/hash's
/// and base/files/extract's fields): one row per file a connection carried, when it ends.
final class FilesLogWriter {
    static let schema = LogSchema(
        path: "files",
        fields: [
            LogField("ts", "time"), LogField("fuid", "string"), LogField("uid", "string"), LogField("id.orig_h", "addr"),
            LogField("id.orig_p", "port"), LogField("id.resp_h", "addr"), LogField("id.resp_p", "port"),
            LogField("source", "string"), LogField("depth", "count"), LogField("analyzers", "set[string]"),
            LogField("mime_type", "string"), LogField("filename", "string"), LogField("duration", "interval"),
            LogField("local_orig", "bool"), LogField("is_orig", "bool"), LogField("seen_bytes", "count"),
            LogField("total_bytes", "count"), LogField("missing_bytes", "count"), LogField("overflow_bytes", "count"),
            LogField("timedout", "bool"), LogField("parent_fuid", "string"), LogField("md5", "string"), LogField("sha1", "string"),
            LogField("sha256", "string"), LogField("extracted", "string"), LogField("extracted_cutoff", "bool"),
            LogField("extracted_size", "count"),
        ])

    /// The hash analyzers every file gets (`FileAnalysis`), as Zeek names them.
    static let analyzers = ["MD5", "SHA1", "SHA256"]

    /// The site's networks: local_orig says whether the file's sender is in one, and is unset
    /// when none is configured, as Zeek's is without Site::local_nets.
    let localNetworks: LocalNetworks

    init(localNetworks: LocalNetworks = .zeekDefault) { self.localNetworks = localNetworks }

    func add(_ f: FileTransferEvent, to row: inout LogRow) {
        let id = f.flow.id
        row.add(time: f.ts)
        row.add(string: f.fuid)
        row.add(string: f.flow.uid)
        row.add(address: id.origHost)
        row.add(count: UInt64(id.origPort))
        row.add(address: id.respHost)
        row.add(count: UInt64(id.respPort))
        row.add(string: f.source)
        row.add(count: UInt64(f.depth))
        row.add(.strings(Self.analyzers))
        row.add(.optional(f.mimeType))
        row.add(.optional(f.filename))
        row.add(interval: f.lastActive.nanoseconds - f.ts.nanoseconds)
        if localNetworks.networks.isEmpty {
            row.addUnset()
        } else {
            row.add(bool: localNetworks.contains(f.isOrig ? id.origHost : id.respHost))
        }
        row.add(bool: f.isOrig)
        row.add(count: UInt64(f.seenBytes))
        row.add(.optional(f.totalBytes))
        row.add(count: UInt64(f.missingBytes))
        row.add(count: 0)  // overflow_bytes: Vigil hands every byte in order to file analysis
        row.add(bool: false)  // timedout: a file ends with its message, never by a timer
        row.add(.optional(f.parentFUID))
        row.add(.optional(f.md5))
        row.add(.optional(f.sha1))
        row.add(.optional(f.sha256))
        row.addUnset(count: 3)  // extracted, extracted_cutoff, extracted_size: Vigil does not extract files
    }
}
