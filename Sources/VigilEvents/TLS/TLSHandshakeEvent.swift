import VigilCore

/// What a TLS connection's clear handshake showed, reported once when the connection ends:
/// the negotiated parameters (RFC 8446, RFC 5246), the certificates seen (TLS ≤ 1.2, where
/// they travel in clear), and the client and server fingerprints (JA3, JA3S, JA4).
public struct TLSHandshakeEvent: Sendable {
    /// When the connection's first TLS bytes were seen.
    public var ts: Timestamp
    public var flow: FlowRef
    /// The version the server chose: its supported_versions extension, else its hello's
    /// legacy version (0x0303 TLS 1.2, 0x0304 TLS 1.3, 0x7Fxx drafts).
    public var version: UInt16?
    /// The cipher suite the server chose (IANA number).
    public var cipher: UInt16?
    /// The key exchange group: the server's key share (TLS 1.3) or its ServerKeyExchange
    /// named curve (RFC 8422 §5.4).
    public var curve: UInt16?
    /// The client's server_name (SNI).
    public var serverName: String?
    public var resumed: Bool
    /// The last alert sent in clear, by Zeek's name (`handshake_failure`, …).
    public var lastAlert: String?
    /// The protocol the server chose by ALPN.
    public var alpn: String?
    /// Both sides finished the handshake.
    public var established: Bool
    /// Zeek's ssl_history letters: upper case from the client, lower case from the server.
    public var history: String
    /// SHA-256 of each certificate the server and the client sent, leaf first.
    public var serverChainSHA256: [String]
    public var clientChainSHA256: [String]
    /// The server's leaf certificate's subject and issuer, as x509.log writes them (RFC 2253 text).
    public var subject: String?
    public var issuer: String?
    /// Whether the SNI matches a name of the leaf certificate (nil when either is unknown).
    public var sniMatchesCertificate: Bool?
    /// The server chain checked against the system's certificate authorities at the
    /// connection's time, in OpenSSL's words (`ok`, `certificate has expired`, …); nil without
    /// a chain, without authorities, or when a signature on the way could not be checked.
    public var validationStatus: String?
    /// JA3 and JA4 of the ClientHello (not defined for SSLv2-format hellos), JA3S of the
    /// ServerHello.
    public var ja3: String?
    public var ja3s: String?
    public var ja4: String?

    public init(
        ts: Timestamp, flow: FlowRef, version: UInt16?, cipher: UInt16?, curve: UInt16?, serverName: String?, resumed: Bool,
        lastAlert: String?, alpn: String?, established: Bool, history: String, serverChainSHA256: [String],
        clientChainSHA256: [String], subject: String?, issuer: String?, sniMatchesCertificate: Bool?, validationStatus: String? = nil,
        ja3: String?, ja3s: String?,
        ja4: String?
    ) {
        self.ts = ts
        self.flow = flow
        self.version = version
        self.cipher = cipher
        self.curve = curve
        self.serverName = serverName
        self.resumed = resumed
        self.lastAlert = lastAlert
        self.alpn = alpn
        self.established = established
        self.history = history
        self.serverChainSHA256 = serverChainSHA256
        self.clientChainSHA256 = clientChainSHA256
        self.subject = subject
        self.issuer = issuer
        self.sniMatchesCertificate = sniMatchesCertificate
        self.validationStatus = validationStatus
        self.ja3 = ja3
        self.ja3s = ja3s
        self.ja4 = ja4
    }
}
