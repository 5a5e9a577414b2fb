import VigilOSDP

/// What a control panel knows about one PD on its bus.
struct OSDPDeviceLink {
    enum State: Equatable {
        /// Waiting until `retryAt` before starting again with osdp_ID.
        case offline
        case identifying
        case readingCapabilities
        /// osdp_CHLNG sent or due; `defaultKey` asks for SCBK-D (install mode).
        case challenging(defaultKey: Bool)
        case sendingCryptogram
        /// Installing the configured SCBK over a session keyed with SCBK-D.
        case installingKey
        case online
    }

    struct Handshake {
        var rndA: [UInt8]
        var rndB: [UInt8] = []
        var keys: OSDPSessionKeys
        var defaultKey: Bool
        /// When CHLNG was built, in real microseconds (not the link's clock, which may be
        /// simulated), for the `handshake_us` of `sc_up`.
        var startedAt: Int64 = MonotonicClock.microseconds()
    }

    var address: UInt8
    var state: State = .offline
    var retryAt: Int64 = 0
    var backoff = OSDPLimits.offlineBackoffMilliseconds
    var isOnline = false
    var reportedOffline = false
    var nextSequence: UInt8 = 0
    var session: OSDPSecureSession?
    var handshake: Handshake?
    var scbk: OSDPKey?
    var lastPollAt: Int64 = -(1 << 40)  // long ago, without overflow in `now - lastPollAt`
    var queue: [OSDPCommand] = []
    var identity: OSDPDeviceIdentity?
    var capabilities: [OSDPCapability] = []
    var tamper: UInt8?
    var power: UInt8?
    /// The key a KEYSET in flight will install once acknowledged.
    var pendingKey: OSDPKey?
    /// Replies accepted, and those inside the Secure Channel (the `stats` event).
    var exchanges = 0
    var secureExchanges = 0
    var onlineSince: Int64?

    /// Provisioning still to do: the next handshake uses SCBK-D and installs `scbk`.
    var installMode: Bool

    init(address: UInt8, scbk: OSDPKey?, installMode: Bool) {
        self.address = address
        self.scbk = scbk
        self.installMode = installMode && scbk != nil
    }

    /// The sequence number for a new command: 0 after a reset, then 1, 2, 3, 1, … (v2.2 §5.6).
    mutating func takeSequence() -> UInt8 {
        let s = nextSequence
        nextSequence = s == 3 ? 1 : s + 1
        return s
    }

    var supportsSecureChannel: Bool {
        capabilities.contains { $0.function == OSDPCapability.communicationSecurity && $0.compliance >= 1 }
    }
}
