import VigilCore
import VigilEvents

/// One message of a DATA command, line by line as the client sends it (dot-stuffing already
/// undone, RFC 5321 §4.5.2): its top-level headers fill smtp.log's fields, and the whole
/// message, read as a MIME entity, yields its parts as files.
struct SMTPMessageReader {
    var headers = SMTPMessageHeaders()
    /// Received headers' addresses, in the order read.
    var received: [IPAddress] = []
    var inHeaders = true
    /// The header being read, joined across folded lines.
    var header: [UInt8] = []
    var headerCount = 0
    var reader = MIMEEntityReader(contentType: "message/rfc822")
    var parts: [MIMEEntityReader.Part] = []
    /// The message's parts as files, each at the depth Zeek gives SMTP files.
    var partFiles = MIMEPartFiles(source: "SMTP", isOrig: true, depth: nil)
    var files: [FileReference] { partFiles.references }

    /// More headers than this are not read for smtp.log (the message still is, for files).
    static let maxHeaders = 1000

    mutating func line(_ line: [UInt8], context: FlowContext, fileNumber: inout Int) {
        if inHeaders {
            if line.isEmpty {
                endHeader()
                inHeaders = false
            } else if line.first == 0x20 || line.first == 0x09 {
                // A folded line continues the header (RFC 5322 §2.2.3), up to a bound.
                if header.count + line.count <= 16 * 1024 { header += line }
            } else {
                endHeader()
                header = line
            }
        }
        (line + [0x0D, 0x0A]).withUnsafeBytes { reader.read($0, into: &parts) }
        take(context, fileNumber: &fileNumber)
    }

    /// The message ended (the lone "."): its last part's file ends too.
    mutating func finish(context: FlowContext, fileNumber: inout Int) {
        if inHeaders { endHeader() }
        reader.finish(into: &parts)
        take(context, fileNumber: &fileNumber)
        close(context)
    }

    mutating func endHeader() {
        defer { header = [] }
        guard !header.isEmpty, headerCount < Self.maxHeaders, let colon = header.firstIndex(of: UInt8(ascii: ":")) else { return }
        headerCount += 1
        let name = String(decoding: header[..<colon], as: UTF8.self).trimmed.uppercased()
        let value = BytesText.text(Array(header[(colon + 1)...])).trimmed
        switch name {
        case "MESSAGE-ID": headers.messageID = value
        case "RECEIVED":
            headers.secondReceived = headers.firstReceived
            headers.firstReceived = value
            if let a = SMTPAddresses.receivedFrom(value) { received.append(a) }
        case "IN-REPLY-TO": headers.inReplyTo = value
        case "SUBJECT": headers.subject = value
        case "FROM": headers.from = value
        case "REPLY-TO": headers.replyTo = value
        case "DATE": headers.date = value
        case "TO": headers.to += SMTPAddresses.mailboxes(value).filter { !headers.to.contains($0) }
        case "CC": headers.cc += SMTPAddresses.mailboxes(value).filter { !headers.cc.contains($0) }
        case "X-ORIGINATING-IP":
            headers.xOriginatingIP =
                value.split(whereSeparator: { "[]() ".contains($0) }).lazy.compactMap { IPAddress(parsing: String($0)) }
                .first
        case "X-MAILER", "USER-AGENT", "X-USER-AGENT": headers.userAgent = value
        default: break
        }
    }

    mutating func take(_ context: FlowContext, fileNumber: inout Int) {
        partFiles.take(parts, context: context, fileNumber: &fileNumber)
        parts.removeAll(keepingCapacity: true)
    }

    mutating func close(_ context: FlowContext) { partFiles.close(context) }
}
