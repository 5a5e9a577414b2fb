import VigilCore
import VigilEvents

/// SMTP (RFC 5321) as Zeek's smtp.log describes it: commands and replies are read line by
/// line, each mail transaction's envelope and message headers make one row, the message's
/// parts are files, and after STARTTLS (RFC 3207) the connection's bytes go to a TLS
/// analyzer, as Zeek hands them to its SSL analyzer (conn.log's service `smtp,ssl`).
public final class SMTPAnalyzer: ProtocolAnalyzer {
    struct Transaction {
        var ts: Timestamp
        /// Its place in the connection: smtp.log's trans_depth.
        var depth: Int
        var mailFrom: String?
        var rcptTo: [String] = []
        var lastReply: String?
        var tls = false
        /// Zeek's has_client_activity: a MAIL, RCPT or STARTTLS not yet logged.
        var clientActivity = false
        var message: SMTPMessageReader?
        var headers = SMTPMessageHeaders()
        var received: [IPAddress] = []
        var files: [FileReference] = []
    }

    /// Each side's bytes not yet read as lines.
    var pending: [[UInt8]] = [[], []]
    var lost = [false, false]
    var helo: String?
    var transaction: Transaction?
    /// Messages finished so far (trans_depth is one more).
    var messagesTransferred = 0
    /// Commands sent and not yet answered, in order (pipelining, RFC 2920), at most
    /// `Limits.maxPendingTransactions`: a client that pipelines more than that without answers
    /// is flooding, and its oldest commands are forgotten. Unbounded, 200,000 pipelined NOOPs
    /// took 9 s to pair with their replies, each reply shifting every command still waiting.
    var awaiting: [String] = []
    /// Between DATA and the lone "." ending the message.
    var inData = false
    /// STARTTLS sent and not yet answered: the client's bytes are held, as they are TLS if
    /// the server agrees.
    var startTLSAsked = false
    var tls: TLSAnalyzer?
    var fileNumber = 0
    var messageCount = 0

    /// A command or reply line longer than this is not one (RFC 5321 §4.5.3.1 allows 512
    /// octets for commands and replies, 1000 for text lines).
    static let maxLineBytes = StartTLSAnalyzer.maxLineBytes
    /// Lines of a message are longer in practice (base64 without breaks); past this a line
    /// is cut, and the message's content is still read.
    static let maxDataLineBytes = 64 * 1024
    /// A client pipelining its ClientHello after STARTTLS may send this much before the answer.
    static let maxHeldBytes = StartTLSAnalyzer.maxHeldBytes

    /// An FTP server greets with 220 too: an SMTP greeting is told by its port or by naming SMTP.
    public static let descriptor = AnalyzerDescriptor(
        service: "smtp", transports: [.tcp], serverPorts: [25, 587],
        confirms: { b, isOrig, id in
            guard !isOrig, StartTLSAnalyzer.startsWith(b, "220 ") || StartTLSAnalyzer.startsWith(b, "220-") else { return false }
            if [25, 587, 2525].contains(id.respPort) { return true }
            let line = b.prefix { $0 != 0x0A }
            return String(decoding: line, as: UTF8.self).uppercased().contains("SMTP")
        },
        make: { SMTPAnalyzer() })

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        if let tls { return tls.deliver(data, isOrig: isOrig, context: context) }
        let side = isOrig ? 0 : 1
        guard !lost[side] else { return }
        if isOrig && startTLSAsked {
            guard pending[0].count + data.count <= Self.maxHeldBytes else {
                return lose(0, "client data before the STARTTLS answer", context)
            }
            pending[0].append(contentsOf: data)
            return
        }
        pending[side].append(contentsOf: data)
        readLines(side, context: context)
    }

    /// How much of each side's pending bytes the lines read so far used: removed once a
    /// delivery's lines are read, rather than line by line.
    var consumed = [0, 0]

    func readLines(_ side: Int, context: FlowContext) {
        defer {
            pending[side].removeFirst(min(consumed[side], pending[side].count))
            consumed[side] = 0
        }
        while tls == nil, !(side == 0 && startTLSAsked),
            let end = pending[side][consumed[side]...].firstIndex(of: 0x0A)
        {
            var line = Array(pending[side][consumed[side]..<end])
            consumed[side] = end + 1
            if line.last == 0x0D { line.removeLast() }
            side == 0 ? client(line, context: context) : server(line, context: context)
        }
        guard tls == nil, !(side == 0 && startTLSAsked) else { return }
        let waiting = pending[side].count - consumed[side]
        if side == 0 && inData && waiting > Self.maxDataLineBytes {
            // A message line without an end in sight: its bytes are content all the same.
            client(Array(pending[side][consumed[side]...]), context: context, partial: true)
            consumed[side] = pending[side].count
        } else if !(side == 0 && inData) && waiting > Self.maxLineBytes {
            lose(side, "a line longer than \(Self.maxLineBytes) bytes", context)
        }
    }

    /// The transaction being built; Zeek opens one as soon as the session starts.
    func current(_ context: FlowContext) -> Transaction {
        transaction ?? Transaction(ts: context.ts, depth: messagesTransferred + 1)
    }

    /// The message's end: its last file ends, and its headers and files join the transaction.
    func finishMessage(_ t: inout Transaction, context: FlowContext) {
        guard var m = t.message else { return }
        m.finish(context: context, fileNumber: &fileNumber)
        t.headers = m.headers
        t.received = m.received
        t.files = m.files
        t.message = nil
    }

    func client(_ line: [UInt8], context: FlowContext, partial: Bool = false) {
        var t = current(context)
        defer { transaction = t }
        if inData {
            if !partial && line == [UInt8(ascii: ".")] {
                inData = false
                finishMessage(&t, context: context)
                expectReply(to: ".", context: context)
                return
            }
            // A line starting with "." had one added by the client (RFC 5321 §4.5.2).
            let unstuffed = line.first == UInt8(ascii: ".") && !partial ? Array(line.dropFirst()) : line
            t.message?.line(unstuffed, context: context, fileNumber: &fileNumber)
            return
        }
        let text = BytesText.text(line)
        let verb = String(text.prefix { $0 != " " }).uppercased()
        let argument = String(text.drop { $0 != " " }.dropFirst())
        expectReply(to: verb, context: context)
        messageCount += 1
        switch verb {
        case "HELO", "EHLO":
            helo = argument
        case "MAIL" where argument.uppercased().hasPrefix("FROM:"):
            // A transaction whose end the server's reply never confirmed is logged now.
            if t.clientActivity {
                emit(t, context: context)
                t = Transaction(ts: context.ts, depth: t.depth)
            }
            if let from = SMTPAddresses.emails(argument).first { t.mailFrom = from }
            t.clientActivity = true
        case "RCPT" where argument.uppercased().hasPrefix("TO:"):
            for a in SMTPAddresses.emails(argument) {
                let address = a.replacing("ORCPT=rfc822;", with: "").replacing("ORCPT=rfc822", with: "")
                if !t.rcptTo.contains(address) && t.rcptTo.count < 1000 { t.rcptTo.append(address) }
            }
            t.clientActivity = true
        case "DATA":
            inData = true
            t.message = SMTPMessageReader()
        case "STARTTLS":
            startTLSAsked = true
        default:
            break
        }
    }

    private func expectReply(to command: String, context: FlowContext) {
        if awaiting.count >= context.limits.maxPendingTransactions { awaiting.removeFirst() }
        awaiting.append(command)
    }

    func server(_ line: [UInt8], context: FlowContext) {
        guard line.count >= 3, line[0..<3].allSatisfy({ (0x30...0x39).contains($0) }) else { return }
        var t = current(context)
        let code = Int(String(decoding: line[0..<3], as: UTF8.self)) ?? 0
        let continued = line.count > 3 && line[3] == UInt8(ascii: "-")
        let message = line.count > 4 ? BytesText.text(Array(line[4...])) : ""
        t.lastReply = "\(code) \(message)"
        transaction = t
        // A continued reply (RFC 5321 §4.2.1) answers nothing until its last line.
        guard !continued else { return }
        messageCount += 1
        // The greeting answers no command.
        guard !awaiting.isEmpty else { return }
        let command = awaiting.removeFirst()
        switch command {
        case ".":
            emit(t, context: context)
            messagesTransferred += 1
            transaction = Transaction(ts: context.ts, depth: messagesTransferred + 1)
        case "DATA" where code >= 400:
            inData = false  // refused: what follows are commands again
            transaction?.message = nil
        case "STARTTLS":
            startTLSAsked = false
            if code == 220 {
                transaction?.tls = true
                transaction?.clientActivity = true
                startTLS(context)
            } else {
                readLines(0, context: context)  // refused: what the client sent meanwhile is lines again
            }
        default:
            break
        }
    }

    /// The server agreed to TLS: what either side sent after the exchange is the session's
    /// first bytes.
    func startTLS(_ context: FlowContext) {
        let tls = TLSAnalyzer()
        self.tls = tls
        let held = [Array(pending[0][min(consumed[0], pending[0].count)...]), Array(pending[1][min(consumed[1], pending[1].count)...])]
        pending = [[], []]
        consumed = [0, 0]
        for (side, bytes) in held.enumerated() where !bytes.isEmpty {
            bytes.withUnsafeBytes { tls.deliver($0, isOrig: side == 0, context: context) }
        }
    }

    func emit(_ t: Transaction, context: FlowContext) {
        guard t.clientActivity else { return }
        var path = [context.id.respHost, context.id.origHost]
        for a in t.received where path.last != a && path.count < 1000 { path.append(a) }
        context.sink.emit(
            .smtp(
                SMTPTransactionEvent(
                    ts: t.ts, flow: context.flow, depth: t.depth,
                    helo: helo, mailFrom: t.mailFrom, rcptTo: t.rcptTo, headers: t.headers, lastReply: t.lastReply, path: path,
                    tls: t.tls, files: t.files)))
    }

    func lose(_ side: Int, _ why: String, _ context: FlowContext) {
        lost[side] = true
        pending[side] = []
        consumed[side] = 0
        context.weird("smtp_unfollowed", why, source: "smtp")
    }

    public func gap(length: Int, isOrig: Bool, context: FlowContext) {
        if let tls { return tls.gap(length: length, isOrig: isOrig, context: context) }
        lost[isOrig ? 0 : 1] = true
        pending[isOrig ? 0 : 1] = []
    }

    public func finish(context: FlowContext) {
        tls?.finish(context: context)
        context.reportMessages(service: "smtp", count: &messageCount)
        guard var t = transaction else { return }
        transaction = nil
        finishMessage(&t, context: context)
        emit(t, context: context)
    }

    public var detectedServices: [String] { tls == nil ? [] : ["ssl"] }
}
