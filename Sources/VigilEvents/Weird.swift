import VigilCore

/// A named protocol or decoding anomaly (Zeek's weird): what went wrong, where, with detail.
public struct Weird: Sendable {
    public var ts: Timestamp
    public var uid: String?
    public var id: ConnectionID?
    public var name: String
    public var addl: String?
    /// The analyzer or layer that raised it ("modbus", "decode").
    public var source: String

    public init(ts: Timestamp, uid: String?, id: ConnectionID?, name: String, addl: String? = nil, source: String) {
        // Debug builds (tests, fuzzing) stop on a name docs/LOGS.md does not explain.
        assert(WeirdCatalogue.contains(name), "weird \(name) is not in WeirdCatalogue: document it there and in docs/LOGS.md")
        self.ts = ts
        self.uid = uid
        self.id = id
        self.name = name
        self.addl = addl
        self.source = source
    }
}
