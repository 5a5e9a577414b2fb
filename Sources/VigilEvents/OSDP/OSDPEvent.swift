import VigilCore

/// One thing a control panel, peripheral device or monitor reports, printed as a JSON line:
/// `{"event":"card_read","address":1,"reader":0,…}`. Field order is kept as built, so lines
/// read the same way every time. docs/OSDP.md lists every event and field.
public struct OSDPEvent: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case string(String)
        case int(Int)
        case bool(Bool)
        case ints([Int])
        /// A capture or wall-clock time, printed as seconds with six decimals (Zeek's format).
        case time(Timestamp)
    }

    public let name: String
    public let address: UInt8?
    public private(set) var fields: [(String, Value)]

    public init(_ name: String, address: UInt8?, _ fields: [(String, Value)] = []) {
        self.name = name
        self.address = address
        self.fields = fields
    }

    public subscript(key: String) -> Value? { fields.first { $0.0 == key }?.1 }

    public mutating func add(_ key: String, _ value: Value) { fields.append((key, value)) }

    public var jsonLine: String {
        var w = JSONWriter()
        w.beginObject()
        w.field("event", name)
        if let address { w.field("address", Int(address)) }
        for (key, value) in fields {
            w.key(key)
            switch value {
            case .string(let s): w.string(s)
            case .int(let i): w.number(i)
            case .bool(let b): w.bool(b)
            case .ints(let list):
                w.beginArray()
                for v in list { w.number(v) }
                w.endArray()
            case .time(let t): w.micros(t.nanoseconds)
            }
        }
        w.endObject()
        return w.text
    }

    public static func == (a: Self, b: Self) -> Bool { a.jsonLine == b.jsonLine }
}
