import VigilOSDP

/// How a control panel runs its bus.
public struct OSDPControlPanelConfiguration: Sendable {
    /// PD addresses polled on this bus, 0x00–0x7E.
    public var addresses: [UInt8]
    /// The Secure Channel Base Key shared with the PDs; nil runs the bus in the clear.
    public var scbk: OSDPKey?
    /// Fail closed: a PD that cannot or will not set up the Secure Channel is held offline,
    /// SCBK-D is never tried, and nothing unauthenticated is accepted.
    public var enforceSecure: Bool
    /// Time between POLLs of an idle online PD.
    public var pollIntervalMilliseconds: Int
    /// Provisioning: set up the Secure Channel with SCBK-D and install `scbk` with osdp_KEYSET.
    /// Off by default, because a CP that does this hands its key to anything that answers as
    /// a PD in install mode; never used with `enforceSecure`.
    public var installMode: Bool
    public var replyTimeoutMilliseconds: Int

    public init(
        addresses: [UInt8], scbk: OSDPKey? = nil, enforceSecure: Bool = false, installMode: Bool = false,
        pollIntervalMilliseconds: Int = 50,
        replyTimeoutMilliseconds: Int = OSDPLimits.replyTimeoutMilliseconds
    ) {
        self.addresses = addresses
        self.scbk = scbk
        self.enforceSecure = enforceSecure
        self.installMode = installMode && !enforceSecure
        self.pollIntervalMilliseconds = pollIntervalMilliseconds
        self.replyTimeoutMilliseconds = replyTimeoutMilliseconds
    }
}
