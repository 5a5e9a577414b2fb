import Foundation
import GRDB
import VigilCore
import VigilResponse

/// The hub's store on SQLite: one file in WAL mode (readers never wait for the writer), opened
/// with numbered migrations. Every change that must happen together (a batch and its events, an
/// audit entry and its signed tree head) is one transaction, so a hub killed at any moment
/// leaves either all of it or none.
public final class HubDatabase: Sendable {
    let pool: DatabasePool
    public let path: String
    /// Told of every change to the response actions in force (see `ResponseSignal`).
    public let responseChanges = ResponseSignal()

    public init(path: String) throws(VigilError) {
        self.path = path
        do {
            var config = Configuration()
            config.foreignKeysEnabled = true
            // Several hub processes (or a CLI command beside a running hub) may write at once:
            // wait for the other writer rather than fail.
            config.busyMode = .timeout(10)
            pool = try DatabasePool(path: path, configuration: config)
            try HubSchema.migrator.migrate(pool)
        } catch {
            throw VigilError(.ioFailure, "cannot open the hub database: \(error)", source: path)
        }
    }

    /// The current time as the store records it.
    public static func now() -> Double { Date().timeIntervalSince1970 }
}
