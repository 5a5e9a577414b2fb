/// Totals a monitor keeps; the `summary` event prints them (docs/OSDP.md lists each).
public struct OSDPMonitorCounters: Sendable, Equatable {
    public var packets = 0
    public var commands = 0
    public var replies = 0
    /// Packets with a MAC (SCS_15–18).
    public var secured = 0
    /// Secured packets whose MAC the monitor verified with a known key.
    public var verified = 0
    public var macErrors = 0
    /// Commands whose sequence number is neither a repeat, the next in turn, nor 0, and
    /// replies whose sequence number differs from their command's.
    public var sequenceErrors = 0
    /// Byte-identical resends of the previous command or reply (a lost reply being retried).
    public var retransmissions = 0
    /// Packets whose check characters and layout were fine but whose data did not decode.
    public var undecodable = 0
    public var alerts: [String: Int] = [:]
}
