import Foundation
import VigilHubWire

/// A sensor the hub's authority enrolled.
public struct SensorRecord: Sendable, Equatable {
    public var name: String
    public var certificate: [UInt8]
    public var publicKey: [UInt8]
    public var enrolled: Double
    public var revoked: Double?
    public var lastSequence: UInt64
    public var lastBatch: Double?
    public var missingBatches: UInt64
    public var kind: NodeKind
    /// What waited in the sensor's spool when it closed its newest batch stored here.
    public var spoolBatches: Int?
    public var spoolBytes: Int?

    init(row: StoreRow) {
        name = row["name"]
        certificate = Array(row["certificate"] as Data)
        publicKey = Array(row["public_key"] as Data)
        enrolled = row["enrolled"]
        revoked = row["revoked"]
        lastSequence = UInt64(row["last_sequence"] as Int64)
        lastBatch = row["last_batch"]
        missingBatches = UInt64(row["missing_batches"] as Int64)
        kind = NodeKind(rawValue: row["kind"]) ?? .sensor
        spoolBatches = row["spool_batches"]
        spoolBytes = row["spool_bytes"]
    }
}

/// What an enrolment attempt found.
public enum EnrollmentCheck: Sendable, Equatable {
    case accepted, unknownToken, usedToken, expiredToken, nameTaken
}

extension HubDatabase {
    public func addToken(digest: [UInt8], expires: Double) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO enrollment_token (digest, created, expires) VALUES (?, ?, ?)",
                arguments: [Data(digest), Self.now(), expires])
        }
    }

    /// Marks the token used by `name` and enrols the sensor, in one transaction: a token admits
    /// exactly one sensor even when two enrol with it at the same moment.
    public func enroll(
        tokenDigest: [UInt8], name: String, certificate: [UInt8], publicKey: [UInt8], kind: NodeKind = .sensor
    ) async throws -> EnrollmentCheck {
        try await write { db in
            let now = Self.now()
            guard
                let token = try StoreRow.fetchOne(
                    db, sql: "SELECT * FROM enrollment_token WHERE digest = ?", arguments: [Data(tokenDigest)])
            else { return .unknownToken }
            if (token["used"] as Double?) != nil { return .usedToken }
            if (token["expires"] as Double) < now { return .expiredToken }
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM sensor WHERE name = ?", arguments: [name]) != nil { return .nameTaken }
            try db.execute(
                sql: "UPDATE enrollment_token SET used = ?, used_by = ? WHERE digest = ?", arguments: [now, name, Data(tokenDigest)])
            try db.execute(
                sql: "INSERT INTO sensor (name, certificate, public_key, enrolled, kind) VALUES (?, ?, ?, ?, ?)",
                arguments: [name, Data(certificate), Data(publicKey), now, kind.rawValue])
            return .accepted
        }
    }

    public func sensor(named name: String) async throws -> SensorRecord? {
        try await read { db in
            try StoreRow.fetchOne(db, sql: "SELECT * FROM sensor WHERE name = ?", arguments: [name]).map(SensorRecord.init(row:))
        }
    }

    public func sensors() async throws -> [SensorRecord] {
        try await read { db in
            try StoreRow.fetchAll(db, sql: "SELECT * FROM sensor ORDER BY name").map(SensorRecord.init(row:))
        }
    }

    /// Whether a sensor of that name existed and was not yet revoked.
    public func revoke(_ name: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE sensor SET revoked = ? WHERE name = ? AND revoked IS NULL", arguments: [Self.now(), name])
            return db.changesCount == 1
        }
    }
}
