import Synchronization

/// Statements already numbered for PostgreSQL (see `PostgresDriver.numbered`), by their
/// SQLite text, shared by every connection. Bounded: a hub's statements are a few hundred
/// shapes, and should some caller build unbounded ones, the cache starts afresh rather than grow.
final class NumberedStatements: Sendable {
    static let limit = 4_096
    private let cache = Mutex<[String: String]>([:])

    func numbered(_ sql: String) -> String {
        if let known = cache.withLock({ $0[sql] }) { return known }
        let numbered = PostgresDriver.numbered(sql)
        cache.withLock { cache in
            if cache.count >= Self.limit { cache.removeAll() }
            cache[sql] = numbered
        }
        return numbered
    }
}
