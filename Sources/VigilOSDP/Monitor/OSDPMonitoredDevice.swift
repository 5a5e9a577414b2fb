import VigilCore

/// What the monitor knows about one PD address on the line: the handshake in progress, the
/// session when its key is known, and which once-per-device alerts have been raised.
struct OSDPMonitoredDevice {
    /// A Secure Channel handshake seen so far: CHLNG gives RND.A and the key the CP asked for,
    /// CCRYPT the key the PD used and the rest; `key` is set once a candidate key verifies the
    /// client cryptogram.
    struct Handshake {
        var rndA: [UInt8]
        var requestedDefaultKey: Bool
        var usesDefaultKey = false
        var rndB: [UInt8]?
        var key: (name: String, key: OSDPKey)?
        var keys: OSDPSessionKeys?
    }

    var lastCommand: (sequence: UInt8, raw: [UInt8], code: UInt8, packet: Int)?
    var lastReplyRaw: [UInt8]?
    var handshake: Handshake?
    /// The running session when its key is known (a site key given to the monitor, a weak key,
    /// or a key recovered from a KEYSET): MACs are verified and data decrypted.
    var session: OSDPSecureSession?
    /// The key of `session`, named: "site", "keyset" or a weak-key name.
    var sessionKeyName: String?
    /// An SCBK seen installed by KEYSET (in the clear or decrypted).
    var recoveredKey: OSDPKey?
    /// A Secure Channel has been seen on this PD (an RMAC_I, or any secured frame).
    var secureSeen = false
    /// The latest frames were secured; cleared by a clear-text frame or a new handshake.
    var secureActive = false
    var reportedNoSecureChannel = false
    var reportedClearAfterSecure = false
    /// Function 9 compliance from the last PDCAP.
    var advertisedSecurity: UInt8?
    var commands = OSDPFrameMemory()
    var replies = OSDPFrameMemory()
}
