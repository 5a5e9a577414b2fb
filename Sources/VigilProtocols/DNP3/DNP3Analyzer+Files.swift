import VigilCore
import VigilEvents

/// File-control objects (group 70), each reported with the file name the association's
/// `DNP3FileTracker` gives its handle when the object carries only a handle.
extension DNP3Analyzer {
    func reportFiles(_ files: [DNP3FileObject], fragment a: DNP3Fragment, isOrig: Bool, context: FlowContext) {
        func text(_ bytes: [UInt8]) -> String { BytesText.text(bytes, limit: limits.maxLogStringBytes) }
        for file in files {
            var name = file.fileName.map(text)
            var digest: String?
            switch file.variation {
            case 3:
                // The name a later status and the transfer's handle will refer to.
                if let id = file.requestID, let n = name, !a.isResponse { fileTracker.command(requestID: id, name: n) }
            case 4:
                if let id = file.requestID, let handle = file.handle {
                    if a.function == 0x1A && !a.isResponse {
                        name = fileTracker.closing(handle: handle)
                    } else if a.isResponse {
                        name = fileTracker.status(requestID: id, handle: handle, succeeded: file.status == 0)
                    } else {
                        name = fileTracker.name(handle: handle)
                    }
                }
            case 5, 6:
                guard let handle = file.handle else { break }
                name = fileTracker.name(handle: handle)
                // Data travels in READ responses and WRITE requests; a READ request names the
                // block it wants and carries none.
                let carriesData = file.variation == 5 && (a.isResponse || a.function == 0x02)
                if carriesData, let number = file.blockNumber, let data = file.data {
                    digest = fileTracker.block(handle: handle, number: number, last: file.isLastBlock == true, data: data)
                }
            case 2:
                if file.sentPassword {
                    let user = file.userName.map(text) ?? ""
                    context.weird("dnp3_cleartext_password", "AUTHENTICATE_FILE for user \"\(user)\"", source: "dnp3")
                }
            default: break
            }
            emit(.file(file, function: a.function, fileName: name, sha256: digest), isOrig: isOrig, context: context)
        }
    }
}
