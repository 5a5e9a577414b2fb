import VigilCore

/// One SSH connection as Zeek's ssh.log describes it (base/protocols/ssh/main.zeek): the two
/// identification strings (RFC 4253 §4.2), the algorithms the two KEXINIT messages negotiate
/// (§7.1), the server's host key, what the sizes of the first encrypted packets say about
/// authentication, and the HASSH fingerprints of client and server.
public struct SSHSessionEvent: Sendable {
    /// When the first identification string was seen.
    public var ts: Timestamp
    public var flow: FlowRef
    /// The identification strings as sent, without the line break (`SSH-2.0-OpenSSH_9.2p1`).
    public var client: String?
    public var server: String?
    /// The protocol version both sides speak (1 or 2), 0 when they cannot agree, nil while a
    /// side's string is missing.
    public var version: Int?
    /// Whether authentication succeeded, nil when the packet sizes do not tell.
    public var authSuccess: Bool?
    public var authAttempts: Int
    /// The negotiated algorithms, as Zeek names them; a direction pair that differs reads
    /// `To server: X, to client: Y`.
    public var cipher: String?
    public var mac: String?
    public var compression: String?
    public var kex: String?
    public var hostKeyAlgorithm: String?
    /// The MD5 of the server's host key blob, as colon-separated hex.
    public var hostKey: String?
    /// HASSH (Salesforce): the MD5 of `kex;ciphers;macs;compression`, the client's lists for
    /// the client to server direction and the server's for server to client; with the strings
    /// hashed.
    public var hassh: String?
    public var hasshServer: String?
    public var hasshAlgorithms: String?
    public var hasshServerAlgorithms: String?
    /// The host key algorithms each side offered (HASSH's `cshka` and `sshka`).
    public var clientHostKeyAlgorithms: String?
    public var serverHostKeyAlgorithms: String?

    public init(ts: Timestamp, flow: FlowRef) {
        self.ts = ts
        self.flow = flow
        self.authAttempts = 0
    }
}
