/// A connection uid before it is text: its prefix letter and 96 bits
/// (`ConnectionUIDGenerator`). Most flows of a scan have no row but conn.log's, which writes
/// the text straight into the row: a String per connection was an allocation and a free
/// (~600 instructions) that such a flow never needed.
public struct ConnectionUIDBits: Sendable, Hashable {
    public let prefix: UInt8
    let high: UInt64
    /// Only the low 32 bits are used.
    let low: UInt64

    /// The longest text: the prefix, 11 base62 digits for 64 bits and 6 for 32.
    public static let maxLength = 18

    /// Writes the text at `out`, which has room for `maxLength` bytes; returns its length.
    public func write(into out: UnsafeMutablePointer<UInt8>) -> Int {
        out[0] = prefix
        let n = ConnectionUIDGenerator.writeBase62(high, into: out + 1)
        return 1 + n + ConnectionUIDGenerator.writeBase62(low, into: out + 1 + n)
    }

    /// The uid as Zeek writes it, e.g. `CBuX1T9byItB1etRrp`.
    public var text: String { String(unsafeUninitializedCapacity: Self.maxLength) { write(into: $0.baseAddress!) } }
}
