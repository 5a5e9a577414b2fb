/// The horizontal bands of the communication map, top to bottom: the Purdue model's levels as
/// assets.json's `type.level` gives them (device-types.tsv decides), then devices no rule
/// placed, then addresses that are no device of the inventory (broadcast, multicast, remote).
public enum PurdueBand: Int, CaseIterable, Sendable, Comparable {
    case enterprise, operations, supervisory, control, field, unclassified, other

    public init(level: Int?) {
        switch level {
        case .some(4...): self = .enterprise
        case 3: self = .operations
        case 2: self = .supervisory
        case 1: self = .control
        case 0: self = .field
        default: self = .unclassified
        }
    }

    public var title: String {
        switch self {
        case .enterprise: "Enterprise and IT (levels 4–5)"
        case .operations: "Site operations (level 3)"
        case .supervisory: "Supervisory (level 2)"
        case .control: "Controllers (level 1)"
        case .field: "Field devices (level 0)"
        case .unclassified: "Not classified"
        case .other: "Other addresses"
        }
    }

    /// The short name used in query strings and CSS classes.
    public var name: String {
        switch self {
        case .enterprise: "enterprise"
        case .operations: "operations"
        case .supervisory: "supervisory"
        case .control: "control"
        case .field: "field"
        case .unclassified: "unclassified"
        case .other: "other"
        }
    }

    public static func < (a: PurdueBand, b: PurdueBand) -> Bool { a.rawValue < b.rawValue }

    /// The Purdue levels a person can choose for a device, with what each holds.
    public static let levelNames: [(level: Int, name: String)] = [
        (0, "field devices"), (1, "controllers"), (2, "supervisory"), (3, "site operations"), (4, "enterprise"), (5, "internet-facing"),
    ]
}
