import VigilCore

/// One SMTP mail transaction (RFC 5321 §3.3) as Zeek's smtp.log describes it: the envelope,
/// the message's headers, the server's last reply and the files the message carried. A
/// session that only switched to TLS is one too, with `tls` set.
public struct SMTPTransactionEvent: Sendable {
    public var ts: Timestamp
    public var flow: FlowRef
    /// The transaction's place in the connection, from 1.
    public var depth: Int
    public var helo: String?
    public var mailFrom: String?
    public var rcptTo: [String]
    public var headers: SMTPMessageHeaders
    /// The server's last reply line: code and text.
    public var lastReply: String?
    /// The hosts the message passed, last first: the server, the client, then each Received
    /// header's address.
    public var path: [IPAddress]
    /// The session switched to TLS (STARTTLS).
    public var tls: Bool
    public var files: [FileReference]

    public init(
        ts: Timestamp, flow: FlowRef, depth: Int, helo: String?, mailFrom: String?, rcptTo: [String],
        headers: SMTPMessageHeaders, lastReply: String?, path: [IPAddress], tls: Bool, files: [FileReference]
    ) {
        self.ts = ts
        self.flow = flow
        self.depth = depth
        self.helo = helo
        self.mailFrom = mailFrom
        self.rcptTo = rcptTo
        self.headers = headers
        self.lastReply = lastReply
        self.path = path
        self.tls = tls
        self.files = files
    }
}

/// The headers of a message that smtp.log gives, each as sent (RFC 5322 §3.6).
public struct SMTPMessageHeaders: Sendable, Equatable {
    public var date: String?
    public var from: String?
    public var to: [String] = []
    public var cc: [String] = []
    public var replyTo: String?
    public var messageID: String?
    public var inReplyTo: String?
    public var subject: String?
    public var xOriginatingIP: IPAddress?
    /// The last Received header of the message, and the one before it (Zeek keeps them so).
    public var firstReceived: String?
    public var secondReceived: String?
    /// X-Mailer, User-Agent or X-User-Agent.
    public var userAgent: String?

    public init() {}
}
