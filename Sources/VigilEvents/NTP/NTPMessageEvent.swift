import VigilCore

/// One NTP message over UDP (RFC 5905 §7.3): the header fields of modes 1–5, with the
/// timestamps converted to Unix time.
public struct NTPMessageEvent: Sendable {
    public var ts: Timestamp
    public var flow: FlowRef
    public var version: Int
    /// 1 symmetric active, 2 symmetric passive, 3 client, 4 server, 5 broadcast; 6 control and
    /// 7 private messages carry no such header (their fields below are zero and empty).
    public var mode: Int
    public var stratum: Int
    /// The poll interval and the clock's precision, in seconds (the header holds log2 of each).
    public var poll: Double
    public var precision: Double
    /// Root delay and dispersion, in seconds (NTP short format, §6).
    public var rootDelay: Double
    public var rootDispersion: Double
    /// The reference id as Zeek logs it: a kiss code (stratum 0) or source name (stratum 1) as
    /// text, else the upstream server's IPv4 address.
    public var referenceID: String
    /// Reference, origin, receive and transmit times as the message carries them (64-bit NTP
    /// timestamps, RFC 5905 §6); `unixMicroseconds` converts them.
    public var referenceTime: UInt64
    public var originTime: UInt64
    public var receiveTime: UInt64
    public var transmitTime: UInt64
    /// Extension fields after the header (RFC 7822).
    public var extensions: Int

    public init(
        ts: Timestamp, flow: FlowRef, version: Int, mode: Int, stratum: Int = 0, poll: Double = 0, precision: Double = 0,
        rootDelay: Double = 0, rootDispersion: Double = 0, referenceID: String = "", referenceTime: UInt64 = 0, originTime: UInt64 = 0,
        receiveTime: UInt64 = 0, transmitTime: UInt64 = 0, extensions: Int = 0
    ) {
        self.ts = ts
        self.flow = flow
        self.version = version
        self.mode = mode
        self.stratum = stratum
        self.poll = poll
        self.precision = precision
        self.rootDelay = rootDelay
        self.rootDispersion = rootDispersion
        self.referenceID = referenceID
        self.referenceTime = referenceTime
        self.originTime = originTime
        self.receiveTime = receiveTime
        self.transmitTime = transmitTime
        self.extensions = extensions
    }

    /// An NTP timestamp as microseconds since 1970, rounded; zero stays zero, as Zeek leaves it.
    /// Seconds whose top bit is clear are in era 1, 2036 to 2104 (RFC 4330 §3), as tshark reads
    /// them; Zeek writes those as negative times. Clients that hide their clock (chrony's
    /// requests) send such random transmit times. Integer arithmetic: a double cannot hold a
    /// 2030s time to the microsecond without rounding the wrong way now and then.
    public static func unixMicroseconds(_ ntp: UInt64) -> Int64 {
        if ntp == 0 { return 0 }
        let seconds = Int64(ntp >> 32) + (ntp & 0x8000_0000_0000_0000 == 0 ? 1 << 32 : 0) - 2_208_988_800
        let micros = Int64(((ntp & 0xFFFF_FFFF) * 1_000_000 + (1 << 31)) >> 32)
        return seconds * 1_000_000 + micros
    }
}
