/// One row of one log, with its fields by name: what a rule is evaluated against.
///
/// A row has a few dozen fields at most, so a field is found by a linear search of the names
/// (cheaper than hashing each name into a dictionary for every row read).
public struct EventRecord: Sendable {
    /// The log's path (`dns`, `modbus`, `s7comm`…).
    public let log: String
    public private(set) var names: [String] = []
    public private(set) var values: [FieldValue] = []

    public init(log: String) {
        self.log = log
    }

    /// An empty record with room for `capacity` fields, so that filling it allocates once.
    public init(log: String, capacity: Int) {
        self.log = log
        names.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    public init(log: String, fields: [(String, FieldValue)]) {
        self.log = log
        for (name, value) in fields { append(name, value) }
    }

    public mutating func append(_ name: String, _ value: FieldValue) {
        names.append(name)
        values.append(value)
    }

    public func value(_ field: String) -> FieldValue? {
        guard let i = names.firstIndex(of: field) else { return nil }
        return values[i]
    }

    public subscript(field: String) -> FieldValue? { value(field) }

    /// The row's text value of `field`, if set.
    public func text(_ field: String) -> String? { value(field)?.text }

    public var fieldCount: Int { names.count }

    /// Who did it and to whom: the message's own source and destination where the log names
    /// them (ICSNPP's direction block), else the connection's originator and responder (or a
    /// notice's src and dst).
    public var messageSource: String? { text("source_h") ?? text("id.orig_h") ?? text("src") }
    /// A log about one device rather than a message (vulnerabilities.log) names it in `host`:
    /// the device is what the alert is about.
    public var messageDestination: String? { text("destination_h") ?? text("id.resp_h") ?? text("dst") ?? text("host") }
    public var messageDestinationPort: String? { text("destination_p") ?? text("id.resp_p") ?? text("p") }

    /// The same row with only `fields`.
    public func keeping(_ fields: [String]) -> EventRecord {
        var out = EventRecord(log: log)
        for (i, name) in names.enumerated() where fields.contains(name) { out.append(name, values[i]) }
        return out
    }
}
