/// A capture timestamp in nanoseconds since the Unix epoch.
///
/// Nanoseconds because pcapng `if_tsresol` may be finer than microseconds; logs print
/// microseconds, as Zeek does.
public struct Timestamp: Hashable, Comparable, Sendable {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }
    public init(seconds: Int64, nanos: Int64) { self.nanoseconds = seconds &* 1_000_000_000 &+ nanos }

    public static let zero = Timestamp(nanoseconds: 0)

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.nanoseconds < b.nanoseconds }

    public func adding(seconds: Int64) -> Timestamp { Timestamp(nanoseconds: nanoseconds &+ seconds &* 1_000_000_000) }

    public var seconds: Double { Double(nanoseconds) / 1e9 }

    /// Zeek's `time` format: seconds with exactly six decimals, e.g. `1591367999.305988`.
    public var zeekFormatted: String { Timestamp.formatMicros(nanoseconds) }

    /// Formats a signed nanosecond count as seconds with six decimals (Zeek's `interval` too).
    public static func formatMicros(_ ns: Int64) -> String {
        var bytes: [UInt8] = []
        TextBytes.appendMicros(ns, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
