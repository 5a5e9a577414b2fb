/// Every bound the OSDP code enforces, named so that tests and documentation can point at it.
public enum OSDPLimits {
    /// SOM, address, two length bytes, control, code and a 1-byte checksum.
    public static let minPacketBytes = 7
    /// The largest packet accepted from the wire. The standard lets a PD advertise up to
    /// 65,535 bytes of receive buffer, but no command or reply Vigil speaks comes near this, and
    /// a monitor must not buffer megabytes of garbage that merely starts with 0x53. libosdp's
    /// own buffer is 256 bytes by default.
    public static let maxPacketBytes = 1440
    /// Bytes held while waiting for the rest of a packet before the oldest are dropped.
    public static let maxBufferedBytes = 4 * maxPacketBytes
    /// Replies are expected within this time (v2.2 §5.7: 200 ms reply delay).
    public static let replyTimeoutMilliseconds = 200
    /// Sends of the same command (same sequence number) before a PD is declared offline.
    public static let maxSendAttempts = 4
    /// A PD that has been offline is retried after this long, doubling up to `maxOfflineBackoff`.
    public static let offlineBackoffMilliseconds = 1000
    public static let maxOfflineBackoffMilliseconds = 30_000
    /// Secure channel: a PD drops the session after this long without a valid command
    /// (libosdp uses the same 8 s).
    public static let secureSessionTimeoutMilliseconds = 8000
    /// Commands a control panel queues per PD before refusing new ones.
    public static let maxQueuedCommands = 64
}
