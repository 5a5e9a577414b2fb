/// Zeek's history letters of one connection, in order.
///
/// Kept inline up to `inlineCapacity` letters and in an array only past that: most
/// connections have a handful of letters ("S", "ShAdDaFf"), and an array per connection was
/// an allocation, a growth and a free for each (~350 instructions a connection; bench/run.sh
/// starts ~115,000 connections per million packets). Scaled letters (T, W at 1, 10, 100, …)
/// can make a history longer than the inline room.
public struct ConnectionHistory: Sendable {
    /// The first letters, in memory order.
    private var inline: (UInt64, UInt64, UInt64) = (0, 0, 0)
    private var inlineCount: UInt8 = 0
    /// Every letter once the history outgrows `inline`; empty until then.
    private var spilled: [UInt8] = []

    static let inlineCapacity = 24

    public init() {}

    public var count: Int { spilled.isEmpty ? Int(inlineCount) : spilled.count }

    public mutating func append(_ letter: UInt8) {
        if spilled.isEmpty && Int(inlineCount) < Self.inlineCapacity {
            let i = Int(inlineCount)
            withUnsafeMutableBytes(of: &inline) { $0[i] = letter }
            inlineCount += 1
            return
        }
        if spilled.isEmpty {
            Swift.withUnsafeBytes(of: inline) { spilled.append(contentsOf: $0) }
        }
        spilled.append(letter)
    }

    /// The letters as bytes, valid inside `body`.
    /// The letters as text, as conn.log's `history` shows them.
    public var text: String { withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if !spilled.isEmpty { return try spilled.withUnsafeBytes(body) }
        let n = Int(inlineCount)
        return try Swift.withUnsafeBytes(of: inline) { try body(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
    }
}
