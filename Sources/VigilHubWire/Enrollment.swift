/// What a sensor sends to join a hub (`POST /api/v1/enroll`), and what the hub answers.
public struct EnrollmentRequest: Codable, Sendable {
    /// The token as `vigil hub enroll-token` printed it.
    public var token: String
    /// The name the sensor asks for: letters, digits, `-`, `_` and `.`.
    public var name: String
    /// A PKCS #10 request (PEM) for the sensor's own P-256 key, whose subject is the name.
    public var csr: String
    /// `sensor` (the default when absent) ships logs; `enforcer` applies the hub's response
    /// rulesets on a gateway. Each may use only its own routes.
    public var kind: NodeKind?

    public init(token: String, name: String, csr: String, kind: NodeKind? = nil) {
        self.token = token
        self.name = name
        self.csr = csr
        self.kind = kind
    }
}

/// What an enrolled machine does for the hub.
public enum NodeKind: String, Codable, Sendable {
    case sensor, enforcer
}

public struct EnrollmentResponse: Codable, Sendable {
    public var sensor: String
    /// The sensor's certificate (PEM), issued by the hub's authority.
    public var certificate: String
    /// The hub's authority (PEM): the only root the sensor trusts for the hub from now on.
    public var authority: String
    /// Where the sensor sends batches: the hub's ingest listener, which asks for the sensor's
    /// certificate (mutual TLS).
    public var ingest: String

    public init(sensor: String, certificate: String, authority: String, ingest: String) {
        self.sensor = sensor
        self.certificate = certificate
        self.authority = authority
        self.ingest = ingest
    }

    /// Sensor names are file names and certificate subjects: keep them short and plain.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { ShippedRecord.isLogNameByte($0) || $0 == 0x2D || $0 == 0x2E }
    }
}
