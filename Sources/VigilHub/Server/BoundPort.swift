import Synchronization

/// A listener's port, known once it is bound; read by request handlers on any thread.
final class BoundPort: Sendable {
    private let port: Mutex<Int>

    init(_ configured: Int) { port = Mutex(configured) }

    var value: Int { port.withLock { $0 } }

    func set(_ bound: Int) { port.withLock { $0 = bound } }
}
