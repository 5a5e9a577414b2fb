import Synchronization

/// One field value in a Zeek-style log row, typed as Zeek types it.
public enum LogValue: Sendable {
    case unset
    case string(String)
    /// A table name, written like `.string` without being scanned (`LogName`).
    case name(LogName)
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
    @inlinable public static func optional(_ n: LogName?) -> LogValue { n.map { .name($0) } ?? .unset }
    @inlinable public static func optional<I: BinaryInteger>(_ v: I?) -> LogValue {
        v.map { .count(UInt64(truncatingIfNeeded: $0)) } ?? .unset
    }
    @inlinable public static func count<I: BinaryInteger>(_ v: I) -> LogValue { .count(UInt64(truncatingIfNeeded: v)) }

    /// The text of a string or name value.
    public var text: String? {
        switch self {
        case .string(let s): s
        case .name(let n): n.string
        default: nil
        }
    }
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
    /// `fields.count`, read without touching the array.
    public let fieldCount: Int
    /// Each field's JSON key text, `,"name":`, all in one buffer read through a raw pointer:
    /// every field of every JSON row copies one (bench/run.sh writes ~3 million rows), and
    /// reading them through arrays cost a retain, a release and a bounds check each time.
    /// Field i's text runs from `keyStarts[i]` to `keyStarts[i + 1]`.
    private nonisolated(unsafe) let keyText: UnsafeMutablePointer<UInt8>
    private nonisolated(unsafe) let keyStarts: UnsafeMutablePointer<Int>
    /// The row starts with `connectionFields` (and `directionalFields`): what `LogRow`'s
    /// cached flow text may stand in for.
    public let leadsWithConnectionFields: Bool
    public let leadsWithDirectionalFields: Bool

    public init(path: String, fields: [LogField]) {
        self.path = path
        self.fields = fields
        self.fieldCount = fields.count
        self.number = Self.count.add(1, ordering: .relaxed).oldValue
        func leads(with prefix: [LogField]) -> Bool {
            fields.count >= prefix.count && zip(fields, prefix).allSatisfy { $0.name == $1.name && $0.type == $1.type }
        }
        self.leadsWithConnectionFields = leads(with: Self.connectionFields)
        self.leadsWithDirectionalFields = leads(with: Self.directionalFields)
        var all: [UInt8] = []
        var starts: [Int] = []
        for f in fields {
            starts.append(all.count)
            var w = JSONWriter(capacity: f.name.utf8.count + 3)
            w.key(f.name)
            all.append(UInt8(ascii: ","))
            all += w.bytes
        }
        starts.append(all.count)
        // Padded so that `OutputBytes.copyPadded` may read whole 16-byte chunks
        // past the last key.
        all += [UInt8](repeating: 0, count: 16)
        keyText = .allocate(capacity: all.count)
        keyText.initialize(from: all, count: all.count)
        keyStarts = .allocate(capacity: starts.count)
        keyStarts.initialize(from: starts, count: starts.count)
    }

    deinit {
        keyText.deallocate()
        keyStarts.deallocate()
    }

    /// Field `i`'s `"name":` as JSON, after a comma unless `comma` is false (a row's first
    /// field). Valid as long as the schema.
    @inlinable public func jsonKey(_ i: Int, comma: Bool) -> UnsafeRawBufferPointer {
        precondition(i >= 0 && i < fieldCount, "log \(path): no field \(i)")
        let start = keyStartsPointer[i] + (comma ? 0 : 1)
        return UnsafeRawBufferPointer(start: keyTextPointer + start, count: keyStartsPointer[i + 1] - start)
    }

    /// The key text and starts behind `jsonKey`, for writers that index them per field
    /// themselves (`LogRow`): field i's key with its comma runs from `starts[i]` to
    /// `starts[i + 1]`, and the text can be read in whole 16-byte chunks past any key.
    public var jsonKeyTable: (text: UnsafePointer<UInt8>, starts: UnsafePointer<Int>) { (keyTextPointer, keyStartsPointer) }

    @usableFromInline var keyTextPointer: UnsafePointer<UInt8> { UnsafePointer(keyText) }
    @usableFromInline var keyStartsPointer: UnsafePointer<Int> { UnsafePointer(keyStarts) }

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
