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

    /// Monitor: this many errors (check-character failures, malformed frames, MAC failures,
    /// NAK 1 or 6, sequence errors) within `errorBurstWindowSeconds` raise `osdp.error_burst`.
    public static let errorBurstThreshold = 5
    public static let errorBurstWindowSeconds: Int64 = 10
    /// Monitor: secured frames remembered per direction for replay detection. A frame is
    /// compared by a 64-bit hash of all its bytes (sequence, data and the 4-byte MAC), so a
    /// false match needs a MAC collision with one of these; 1,024 keeps that near 1 in 4 million
    /// per frame while covering minutes of polling at 20 frames per second.
    public static let rememberedSecureFrames = 1024
}
