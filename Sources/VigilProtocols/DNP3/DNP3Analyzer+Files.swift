import VigilCore
import VigilEvents

/// dnp3_file.log: one row per file-control object (group 70), named through the association's
/// `DNP3FileTracker` when the object carries only a handle.
extension DNP3Analyzer {
    func logFiles(_ files: [DNP3FileObject], fragment a: DNP3Fragment, function: String, isOrig: Bool, context: FlowContext) {
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
            context.log(DNP3Log.fileSchema, isOrig: isOrig) { row in
                row.add(.string(function))
                row.add(.string(DNP3FileNames.object(file.variation)))
                row.add(.optional(name))
                row.add(.optional(file.handle))
                row.add(.optional(file.requestID))
                row.add(.optional(file.mode.map(DNP3FileNames.mode)))
                row.add(.optional(file.fileType.map(DNP3FileNames.fileType)))
                row.add(.optional(file.fileSize))
                // 0 is how masters leave the creation time out (every corpus file command does).
                row.add(file.createdMillis.flatMap { $0 == 0 ? nil : .time(Timestamp(nanoseconds: Int64($0) * 1_000_000)) } ?? .unset)
                row.add(.optional(file.permissions.map(DNP3FileNames.permissions)))
                row.add(.optional(file.maxBlockSize))
                row.add(.optional(file.blockNumber))
                row.add(file.isLastBlock.map { .bool($0) } ?? .unset)
                row.add(.optional(file.data.map { UInt64($0.count) }))
                row.add(.optional(digest))
                row.add(.optional(file.status.map(DNP3FileNames.status)))
                row.add(.optional(file.text.flatMap { $0.isEmpty ? nil : text($0) }))
                row.add(.optional(file.userName.map(text)))
            }
        }
    }
}
