/// Why a sensor could not join a hub.
public enum EnrollmentError: Error, Sendable, Equatable, CustomStringConvertible {
    case badToken(String)
    case refused(String)
    case authorityMismatch(expected: String, got: String)

    public var description: String {
        switch self {
        case .badToken(let why): "enrolment token: \(why)"
        case .refused(let why): "the hub refused the enrolment: \(why)"
        case .authorityMismatch(let expected, let got):
            "the hub's certificate authority has fingerprint \(got), the token names \(expected): this is not the hub that made the token"
        }
    }
}
