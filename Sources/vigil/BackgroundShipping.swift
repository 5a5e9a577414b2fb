import Foundation
import VigilShipper

/// A live sensor's shipping: a round every few seconds on a task beside the capture loop, and a
/// last round, waited for, once the sensor has flushed its logs at exit.
final class BackgroundShipping: @unchecked Sendable {
    // The shipper is used by one task at a time: the periodic task until `finish` has waited
    // for it to end, then `finish` itself.
    private let shipper: FolderShipper
    private let seconds: Double
    private var task: Task<Void, Never>?

    init(shipper: FolderShipper, seconds: Double) {
        self.shipper = shipper
        self.seconds = seconds
    }

    func start() {
        task = Task.detached { [shipper, seconds] in
            while !Task.isCancelled {
                if let round = try? await shipper.round() { ShippingOptions.report(round, always: false) }
                try? await Task.sleep(for: .seconds(seconds))
            }
        }
    }

    /// Stops the periodic rounds, then ships what the sensor wrote last; returns that round.
    func finish() -> FolderShipper.Round? {
        let done = DispatchSemaphore(value: 0)
        let box = RoundBox()
        Task.detached { [task, shipper] in
            task?.cancel()
            await task?.value
            box.round = try? await shipper.round()
            done.signal()
        }
        done.wait()
        return box.round
    }

    /// Runs async work from the sensor's synchronous start-up, and waits for it.
    static func blocking(_ work: @escaping @Sendable () async throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let box = ErrorBox()
        Task.detached {
            do { try await work() } catch { box.error = error }
            done.signal()
        }
        done.wait()
        if let error = box.error { throw error }
    }

    private final class ErrorBox: @unchecked Sendable {
        var error: (any Error)?
    }

    private final class RoundBox: @unchecked Sendable {
        var round: FolderShipper.Round?
    }
}
