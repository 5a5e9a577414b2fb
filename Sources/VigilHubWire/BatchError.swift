/// Why a batch was refused, in words the sensor's operator can act on.
public enum BatchError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(line: Int, reason: String)
    case tooLarge(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .malformed(let line, let reason): "batch line \(line): \(reason)"
        case .tooLarge(let bytes, let limit): "batch of \(bytes) bytes is over the limit of \(limit)"
        }
    }
}
