import Foundation
import Logging
import ServiceLifecycle

/// Prunes the store every hour while the hub runs (and once at start), so that it holds what
/// `Retention` allows and no more.
struct RetentionService: Service {
    let database: HubDatabase
    let retention: Retention
    let logger: Logger

    func run() async throws {
        // Ends when the hub shuts down: the sleep is cancelled, and so is the loop.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let pruned = try await database.prune(retention)
                    if pruned.events + pruned.alerts > 0 {
                        logger.notice("pruned \(pruned.events) event(s) and \(pruned.alerts) alert(s) past their retention")
                    }
                } catch {
                    logger.error("pruning failed: \(error)")
                }
                try? await Task.sleep(for: .seconds(3600))
            }
        }
    }
}
