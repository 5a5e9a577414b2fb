import VigilCore
import VigilEvents

/// An FTP data connection (RFC 959 §3.2) announced by a control session: whatever it carries
/// (a file, a directory listing) is a file of files.log, one per direction that sent bytes,
/// with source FTP_DATA as in Zeek. The control session's next ftp.log row gets the file's id
/// and sniffed type (`FTPTransferNote`). conn.log's service is `ftp-data`.
public final class FTPDataAnalyzer: ProtocolAnalyzer {
    let note: FTPTransferNote
    /// The file each direction is sending: [responder, originator].
    var files: [FileAnalysis?] = [nil, nil]
    var filesStarted = 0
    var typeNoted = false

    public static let service = "ftp-data"

    public init(note: FTPTransferNote) { self.note = note }

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        guard !data.isEmpty else { return }
        let side = isOrig ? 1 : 0
        if files[side] == nil {
            filesStarted += 1
            let fuid = ConnectionUIDGenerator.fileUID(connection: context.uid, number: filesStarted)
            files[side] = FileAnalysis(
                fuid: fuid, ts: context.ts, source: "FTP_DATA", depth: 0, isOrig: isOrig, filename: nil, totalBytes: nil)
            note.fuid = fuid
        }
        files[side]!.append(data, at: context.ts)
        noteType(side)
    }

    public func gap(length: Int, isOrig: Bool, context: FlowContext) {
        files[isOrig ? 1 : 0]?.gap(length)
    }

    /// The sender closed its side: its file is complete (Zeek ends an FTP-data file at the
    /// sender's FIN), so the control session's next row can name its type.
    public func endOfData(isOrig: Bool, context: FlowContext) {
        finishFile(isOrig ? 1 : 0, context: context)
    }

    public func finish(context: FlowContext) {
        finishFile(1, context: context)
        finishFile(0, context: context)
    }

    private func finishFile(_ side: Int, context: FlowContext) {
        guard var f = files[side] else { return }
        files[side] = nil
        let event = f.finish(flow: context.flow)
        // A file too short to have been sniffed while it came is typed at its end.
        if event.mimeType != nil { noteOnce(event.mimeType) }
        context.sink.emit(.file(event))
    }

    /// Once the type is sniffed, the control session learns it (Zeek's file_sniff).
    private func noteType(_ side: Int) {
        guard let f = files[side], f.sniffed else { return }
        noteOnce(f.mimeType)
    }

    /// The control session learns the first sniffed type of the connection, and no other.
    private func noteOnce(_ type: String?) {
        guard !typeNoted else { return }
        typeNoted = true
        if let type { note.mimeType = type }
    }
}
