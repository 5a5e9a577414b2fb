import Foundation

/// The administration page: sensors (with revocation), enrolment tokens, and the users.
enum AdminView {
    static func values(_ database: HubDatabase) async throws -> [String: Any] {
        let now = Date().timeIntervalSince1970
        let sensors: [[String: Any]] = try await database.sensors().map { s in
            [
                "name": s.name, "kind": s.kind.rawValue, "enrolled": DashboardText.time(s.enrolled),
                "lastBatch": DashboardText.age(s.lastBatch, now: now),
                "batches": s.lastSequence, "missing": s.missingBatches, "revoked": s.revoked.map { DashboardText.time($0) } ?? "",
                "active": s.revoked == nil,
            ]
        }
        let users: [[String: Any]] = try await database.users().map { ["name": $0.name, "role": $0.role] }
        return ["sensors": sensors, "hasSensors": !sensors.isEmpty, "users": users, "hasUsers": !users.isEmpty]
    }
}
