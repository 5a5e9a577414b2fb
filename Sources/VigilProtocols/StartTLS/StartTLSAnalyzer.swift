import VigilCore
import VigilEvents

/// STARTTLS in IMAP and POP3 (SMTP's is `SMTPAnalyzer`'s): the protocol's lines are read until the client asks for
/// TLS and the server agrees; from then on the connection's bytes are a TLS session and go to
/// a TLS analyzer, as Zeek hands them to its SSL analyzer (conn.log's service becomes, say,
/// `imap,ssl`, and the session gets its ssl.log and x509.log rows). The mail commands
/// themselves are not logged.
public final class StartTLSAnalyzer: ProtocolAnalyzer {
    let dialect: StartTLSDialect
    /// Each side's bytes not yet read as lines.
    var pending: [[UInt8]] = [[], []]
    /// The tag of the client's request for TLS, while the server has not answered it.
    var requestTag: String?
    /// The TLS session, once the server agreed.
    var tls: TLSAnalyzer?
    /// A side whose lines can no longer be followed (a gap, a line past the limit).
    var lost = [false, false]

    /// A command or reply line longer than this is not one (RFC 5321 §4.5.3.1.5 allows 512
    /// octets for SMTP replies; IMAP lines carry more, but not this much before STARTTLS).
    static let maxLineBytes = 8 * 1024
    /// What the client may send after its request and before the answer: a pipelined
    /// ClientHello (RFC 3207 §4.2 forbids it, but clients do it).
    static let maxHeldBytes = 64 * 1024

    public static let imapDescriptor = AnalyzerDescriptor(
        service: "imap", transports: [.tcp], serverPorts: [143],
        confirms: { b, isOrig, _ in !isOrig && (startsWith(b, "* OK") || startsWith(b, "* PREAUTH")) },
        make: { StartTLSAnalyzer(.imap) })

    public static let pop3Descriptor = AnalyzerDescriptor(
        service: "pop3", transports: [.tcp], serverPorts: [110],
        confirms: { b, isOrig, _ in !isOrig && startsWith(b, "+OK") },
        make: { StartTLSAnalyzer(.pop3) })

    init(_ dialect: StartTLSDialect) {
        self.dialect = dialect
    }

    static func startsWith(_ b: UnsafeRawBufferPointer, _ s: String) -> Bool {
        b.count >= s.utf8.count && b.prefix(s.utf8.count).elementsEqual(s.utf8)
    }

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        if let tls { return tls.deliver(data, isOrig: isOrig, context: context) }
        let side = isOrig ? 0 : 1
        guard !lost[side] else { return }
        // After its request the client's bytes are held, not read as lines: they are TLS if
        // the server agrees.
        if isOrig && requestTag != nil {
            guard pending[0].count + data.count <= Self.maxHeldBytes else {
                return lose(0, "client data before the STARTTLS answer", context)
            }
            pending[0].append(contentsOf: data)
            return
        }
        pending[side].append(contentsOf: data)
        readLines(side, context: context)
    }

    /// How much of each side's pending bytes the lines read so far used: let go of once a
    /// delivery's lines are read. Letting go of each line's bytes as it was read moved the
    /// rest of the buffer every time, and a 60 KB segment of empty lines cost the square of
    /// its length.
    private var consumed = [0, 0]

    private func readLines(_ side: Int, context: FlowContext) {
        defer {
            pending[side].removeFirst(min(consumed[side], pending[side].count))
            consumed[side] = 0
        }
        while tls == nil, !(side == 0 && requestTag != nil), let end = pending[side][consumed[side]...].firstIndex(of: 0x0A) {
            var line = pending[side][consumed[side]..<end]
            if line.last == 0x0D { line = line.dropLast() }
            let text = String(decoding: line, as: UTF8.self)
            consumed[side] = end + 1
            side == 0 ? client(text) : server(text, context: context)
        }
        if tls == nil, pending[side].count > Self.maxLineBytes, !(side == 0 && requestTag != nil) {
            lose(side, "a line longer than \(Self.maxLineBytes) bytes", context)
        }
    }

    private func client(_ line: String) {
        if let tag = dialect.request(line) { requestTag = tag }
    }

    private func server(_ line: String, context: FlowContext) {
        guard let tag = requestTag, let agreed = dialect.answer(line, tag) else { return }
        requestTag = nil
        if agreed {
            let tls = TLSAnalyzer()
            self.tls = tls
            // What either side sent after the exchange is the session's first bytes.
            let held = (0..<2).map { Array(pending[$0][min(consumed[$0], pending[$0].count)...]) }
            pending = [[], []]
            consumed = [0, 0]
            for (side, bytes) in held.enumerated() where !bytes.isEmpty {
                bytes.withUnsafeBytes { tls.deliver($0, isOrig: side == 0, context: context) }
            }
        } else {
            readLines(0, context: context)  // refused: what the client sent meanwhile is lines again
        }
    }

    private func lose(_ side: Int, _ why: String, _ context: FlowContext) {
        lost[side] = true
        pending[side] = []
        context.weird("starttls_unfollowed", why, source: dialect.service)
    }

    public func gap(length: Int, isOrig: Bool, context: FlowContext) {
        if let tls { return tls.gap(length: length, isOrig: isOrig, context: context) }
        lost[isOrig ? 0 : 1] = true
        pending[isOrig ? 0 : 1] = []
    }

    public func finish(context: FlowContext) {
        tls?.finish(context: context)
    }

    public var detectedServices: [String] { tls == nil ? [] : ["ssl"] }
}
