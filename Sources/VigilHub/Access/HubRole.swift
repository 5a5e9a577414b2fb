/// What a caller of the hub's API may do. Each role may do everything the roles below it may.
public enum HubRole: String, Sendable, CaseIterable, Comparable, Codable {
    /// Reads assets, alerts, sensors and the audit log.
    case viewer
    /// Also acknowledges, assigns and closes alerts.
    case analyst
    /// Also enrols and revokes sensors and manages users and tokens.
    case admin

    var rank: Int {
        switch self {
        case .viewer: 0
        case .analyst: 1
        case .admin: 2
        }
    }

    public static func < (a: HubRole, b: HubRole) -> Bool { a.rank < b.rank }
}
