import Synchronization

/// One field value in a Zeek-style log row, typed as Zeek types it.
public enum LogValue: Sendable {
    case unset
    case string(String)
    case count(UInt64)
    case int(Int64)
    case double(Double)
    case time(Timestamp)
    /// A duration in nanoseconds (Zeek's `interval`).
    case interval(Int64)
    case addr(IPAddress)
    /// A MAC address, written as Zeek's string form (`aa:bb:cc:dd:ee:ff`).
    case mac(MACAddress)
    case port(UInt16)
    case bool(Bool)
    case strings([String])
    case counts([UInt64])
    case intervals([Int64])

    // Inlinable so that analyzers in other modules get them specialised for their integer
    // types: called for most fields of every row, the generic versions showed in the profile.
    @inlinable public static func optional(_ s: String?) -> LogValue { s.map { .string($0) } ?? .unset }
    @inlinable public static func optional<I: BinaryInteger>(_ v: I?) -> LogValue {
        v.map { .count(UInt64(truncatingIfNeeded: $0)) } ?? .unset
    }
    @inlinable public static func count<I: BinaryInteger>(_ v: I) -> LogValue { .count(UInt64(truncatingIfNeeded: v)) }
}

/// A log field: its name as Zeek writes it and its Zeek type (for the TSV `#types` line).
public struct LogField: Sendable {
    public var name: String
    public var type: String
    public init(_ name: String, _ type: String) {
        self.name = name
        self.type = type
    }
}

/// A log's path (file stem) and ordered fields.
public final class LogSchema: Sendable {
    public let path: String
    /// Small, distinct per schema made by this process: writers and row counters index arrays
    /// with it rather than hashing per row (bench/run.sh writes ~3 million rows).
    public let number: Int
    private static let count = Atomic<Int>(0)
    public let fields: [LogField]
    /// Each field's `"name":` prefix as JSON bytes, built once so rows do not re-escape keys:
    /// all keys in one buffer, field i at `jsonKeyRanges[i]`.
    public let jsonKeyBytes: [UInt8]
    public let jsonKeyRanges: [Range<Int>]
    /// The row starts with `connectionFields` (and `directionalFields`): what `LogRow`'s
    /// cached flow text may stand in for.
    public let leadsWithConnectionFields: Bool
    public let leadsWithDirectionalFields: Bool

    public init(path: String, fields: [LogField]) {
        self.path = path
        self.fields = fields
        self.number = Self.count.add(1, ordering: .relaxed).oldValue
        func leads(with prefix: [LogField]) -> Bool {
            fields.count >= prefix.count && zip(fields, prefix).allSatisfy { $0.name == $1.name && $0.type == $1.type }
        }
        self.leadsWithConnectionFields = leads(with: Self.connectionFields)
        self.leadsWithDirectionalFields = leads(with: Self.directionalFields)
        var all: [UInt8] = []
        var ranges: [Range<Int>] = []
        for f in fields {
            var w = JSONWriter(capacity: f.name.utf8.count + 3)
            w.key(f.name)
            ranges.append(all.count..<(all.count + w.bytes.count))
            all += w.bytes
        }
        self.jsonKeyBytes = all
        self.jsonKeyRanges = ranges
    }

    /// The standard leading fields of a connection-scoped log: ts, uid and the conn_id.
    public static let connectionFields: [LogField] = [
        LogField("ts", "time"), LogField("uid", "string"), LogField("id.orig_h", "addr"), LogField("id.orig_p", "port"),
        LogField("id.resp_h", "addr"), LogField("id.resp_p", "port"),
    ]

    /// The connection fields plus the direction block ICSNPP's logs carry after them: is_orig
    /// and the message's own source and destination.
    public static let directionalFields: [LogField] =
        connectionFields + [
            LogField("is_orig", "bool"), LogField("source_h", "addr"), LogField("source_p", "port"),
            LogField("destination_h", "addr"), LogField("destination_p", "port"),
        ]
}

/// One log row: values in the schema's field order.
public struct LogRecord: Sendable {
    public var schema: LogSchema
    public var values: [LogValue]

    public init(_ schema: LogSchema, _ values: [LogValue]) {
        precondition(values.count == schema.fields.count, "log \(schema.path): \(values.count) values for \(schema.fields.count) fields")
        self.schema = schema
        self.values = values
    }

    public func value(_ field: String) -> LogValue? {
        guard let i = schema.fields.firstIndex(where: { $0.name == field }) else { return nil }
        return values[i]
    }
}
