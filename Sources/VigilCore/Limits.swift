/// Every bound Vigil enforces on hostile input, in one place, each with the reason for its value.
///
/// They are parameters with defaults (a sensor on a big box may raise them), checked before
/// anything is allocated. Tests exercise each at the limit and at limit + 1.
public struct Limits: Sendable {
    /// Largest capture record accepted. 256 KiB covers the 262144-byte snaplen that tcpdump
    /// and Wireshark use by default; anything larger is a corrupt length field.
    public var maxCaptureRecordBytes = 262_144

    /// Flows tracked at once. At ~1 KiB of state each this caps flow memory near 256 MB; past
    /// it the sixteenth of the flows idle the longest is evicted and logged, as Zeek drops
    /// state under pressure.
    public var maxFlows = 250_000

    /// Bytes buffered out of order per TCP direction before the hole is declared a gap.
    /// 1 MiB is far above any OT protocol message and bounds a hostile sender's cost.
    public var maxReassemblyBytesPerDirection = 1 << 20

    /// Out-of-order segments held per TCP direction (bounds bookkeeping, not just bytes).
    public var maxOutOfOrderSegments = 1024

    /// IPv4 fragment sets in flight. Each can hold up to 64 KiB, so 1024 sets is 64 MiB worst case.
    public var maxFragmentSets = 1024

    /// Seconds an incomplete fragment set is kept (RFC 791's suggested reassembly timer is 15 s,
    /// Linux uses 30 s).
    public var fragmentTimeoutSeconds: Int64 = 30

    /// Largest single application message buffered (an MQTT publish, an HTTP header block, a
    /// TLS handshake message). 1 MiB is well above legitimate sizes in these protocols.
    public var maxMessageBytes = 1 << 20

    /// Longest string written into a log field; longer values are cut and marked, as Zeek's
    /// `Log::default_max_field_string_bytes` does (its default is 32 KiB).
    public var maxLogStringBytes = 32_768

    /// Application transactions kept pending per flow (unanswered requests). Suricata caps
    /// MQTT at 256 (MQTT_MAX_TX); a larger backlog is a flood and is reported as weird.
    public var maxPendingTransactions = 256

    /// Items in a list-valued log field (DNS answers, MQTT topics, Modbus register values).
    public var maxLogVectorItems = 1024

    /// Zeek's inactivity timeouts (tcp_inactivity_timeout 5 min, udp/icmp 1 min).
    public var tcpInactivitySeconds: Int64 = 300
    /// How long a TCP connection that was reset or closed by both sides is kept for late
    /// packets: Zeek's tcp_reset_delay and tcp_close_delay. A packet after that starts a new
    /// connection, as in Zeek.
    public var tcpClosedSeconds: Int64 = 5
    public var udpInactivitySeconds: Int64 = 60
    public var icmpInactivitySeconds: Int64 = 60

    public init() {}

    public static let `default` = Limits()
}
