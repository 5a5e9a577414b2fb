import VigilCore

/// One FTP command and the server's answer to it, as a row of Zeek's ftp.log
/// (base/protocols/ftp): only the commands Zeek logs (`FTPCommandEvent.loggedCommands`).
public struct FTPCommandEvent: Sendable {
    /// The data connection a PORT, EPRT, PASV or EPSV exchange announced (RFC 959 §4.1.2, RFC 2428).
    public struct DataChannel: Sendable, Equatable {
        public var passive: Bool
        public var origHost: IPAddress
        public var respHost: IPAddress
        public var respPort: UInt16

        public init(passive: Bool, origHost: IPAddress, respHost: IPAddress, respPort: UInt16) {
            self.passive = passive
            self.origHost = origHost
            self.respHost = respHost
            self.respPort = respPort
        }
    }

    /// FTP::logged_commands.
    public static let loggedCommands: Set<String> = ["APPE", "DELE", "RETR", "STOR", "STOU", "ACCT", "PORT", "PASV", "EPRT", "EPSV"]

    /// When the command was sent.
    public var ts: Timestamp
    public var flow: FlowRef
    public var user: String
    public var password: String?
    public var command: String
    public var arg: String?
    public var fileSize: Int?
    public var replyCode: Int?
    public var replyMessage: String?
    public var dataChannel: DataChannel?
    /// The file a data connection of this session started carrying since the last row
    /// (files.log's fuid), and its sniffed type.
    public var fuid: String?
    public var mimeType: String?

    public init(ts: Timestamp, flow: FlowRef, user: String, command: String) {
        self.ts = ts
        self.flow = flow
        self.user = user
        self.command = command
    }
}
