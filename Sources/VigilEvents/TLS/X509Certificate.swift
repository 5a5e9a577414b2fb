import VigilCore

/// What an X.509 certificate says about itself, as Zeek's x509.log reports it
/// (base/files/x509/main.zeek, `X509::Certificate`): names as OpenSSL prints them, algorithms by
/// OpenSSL's names, and the two extensions Zeek logs.
public struct X509Certificate: Sendable, Equatable {
    /// The version as written on certificates: 1, 2 or 3 (RFC 5280 §4.1.2.1 stores it minus one).
    public var version: Int
    /// The serial number as upper-case hex, without the sign octet DER adds before a high bit.
    public var serial: String
    /// Subject and issuer in RFC 2253 order and escaping, with OpenSSL's attribute names
    /// (`CN=www.example.org,O=Example,C=US`).
    public var subject: String
    public var issuer: String
    /// The subject's common names (CN), in the order the certificate lists them.
    public var commonNames: [String]
    /// The validity period, in seconds since 1970 (RFC 5280 §4.1.2.5).
    public var notValidBefore: Double
    public var notValidAfter: Double
    /// The public key's and the signature's algorithm by OpenSSL's long names
    /// (`rsaEncryption`, `id-ecPublicKey`, `sha256WithRSAEncryption`, `ecdsa-with-SHA256`),
    /// or the dotted object identifier when OpenSSL has no name for it.
    public var keyAlgorithm: String
    public var signatureAlgorithm: String
    /// `rsa`, `dsa` or `ecdsa`; nil for other key types.
    public var keyType: String?
    /// The key's size in bits: the RSA modulus, the DSA prime, the EC curve's order.
    public var keyLength: Int?
    /// The RSA public exponent in decimal.
    public var exponent: String?
    /// The EC key's named curve by OpenSSL's short name (`prime256v1`, `secp384r1`).
    public var curve: String?
    /// subjectAltName entries of the kinds Zeek logs (RFC 5280 §4.2.1.6).
    public var sanDNS: [String]
    public var sanURI: [String]
    public var sanEmail: [String]
    public var sanIP: [IPAddress]
    /// basicConstraints (RFC 5280 §4.2.1.9), nil when the certificate has none.
    public var isCA: Bool?
    public var pathLength: Int?

    public init(
        version: Int, serial: String, subject: String, issuer: String, commonNames: [String] = [], notValidBefore: Double,
        notValidAfter: Double,
        keyAlgorithm: String, signatureAlgorithm: String, keyType: String? = nil, keyLength: Int? = nil, exponent: String? = nil,
        curve: String? = nil, sanDNS: [String] = [], sanURI: [String] = [], sanEmail: [String] = [], sanIP: [IPAddress] = [],
        isCA: Bool? = nil, pathLength: Int? = nil
    ) {
        self.version = version
        self.serial = serial
        self.subject = subject
        self.issuer = issuer
        self.commonNames = commonNames
        self.notValidBefore = notValidBefore
        self.notValidAfter = notValidAfter
        self.keyAlgorithm = keyAlgorithm
        self.signatureAlgorithm = signatureAlgorithm
        self.keyType = keyType
        self.keyLength = keyLength
        self.exponent = exponent
        self.curve = curve
        self.sanDNS = sanDNS
        self.sanURI = sanURI
        self.sanEmail = sanEmail
        self.sanIP = sanIP
        self.isCA = isCA
        self.pathLength = pathLength
    }

    /// The DNS names the certificate covers: its subjectAltName dNSNames, then its subject's
    /// common names (what a TLS client matches the server name against).
    public var names: [String] { sanDNS + commonNames }
}

/// A certificate a TLS peer presented in a handshake (TLS 1.2 and earlier, where the
/// Certificate message is in the clear).
public struct X509CertificateEvent: Sendable {
    /// When the Certificate message was read.
    public var ts: Timestamp
    public var flow: FlowRef
    /// SHA-256 of the certificate's DER bytes, lower-case hex (Zeek's `fingerprint`).
    public var fingerprint: String
    /// The decoded certificate; nil when its bytes are not a certificate.
    public var certificate: X509Certificate?
    /// The first certificate the server sent (its own), and the first the client sent.
    public var hostCert: Bool
    public var clientCert: Bool

    public init(ts: Timestamp, flow: FlowRef, fingerprint: String, certificate: X509Certificate?, hostCert: Bool, clientCert: Bool) {
        self.ts = ts
        self.flow = flow
        self.fingerprint = fingerprint
        self.certificate = certificate
        self.hostCert = hostCert
        self.clientCert = clientCert
    }
}
