/// What a reader of rows works out once per log, kept by the schema's number: found for every
/// row by an index, not by hashing the log's name.
public struct BySchema<Value> {
    @usableFromInline var slots: [Value?] = []

    public init() {}

    /// The value for `schema`'s log, made by `make` the first time it is asked for.
    @inlinable public mutating func value(for schema: LogSchema, _ make: () -> Value) -> Value {
        let n = schema.number
        if n < slots.count, let known = slots[n] { return known }
        if n >= slots.count { slots += [Value?](repeating: nil, count: n + 1 - slots.count) }
        let made = make()
        slots[n] = made
        return made
    }
}
