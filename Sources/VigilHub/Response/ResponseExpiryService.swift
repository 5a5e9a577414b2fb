import Foundation
import Logging
import ServiceLifecycle

/// Marks actions whose time ran out as expired, every few seconds while the hub runs. The
/// kernel drops an expired element on its own; this keeps the hub's record (and the audit
/// log) in step, and sends the enforcers a ruleset without it.
struct ResponseExpiryService: Service {
    let database: HubDatabase
    let home: HubHome
    let logger: Logger
    var interval: Duration = .seconds(2)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let expired = try await database.expireActions(key: home.auditKey)
                    if expired > 0 { logger.notice("\(expired) response action(s) expired") }
                } catch {
                    logger.error("expiring response actions failed: \(error)")
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
