/// A command or reply whose data does not fit its code's layout.
public struct OSDPMessageError: Error, Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let reason: String

    public init(_ name: String, _ reason: String) {
        self.name = name
        self.reason = reason
    }

    public var description: String { "\(name): \(reason)" }
}
