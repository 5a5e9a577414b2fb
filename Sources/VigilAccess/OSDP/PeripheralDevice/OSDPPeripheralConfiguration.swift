import VigilOSDP

/// Who a peripheral device says it is and how it secures its link.
public struct OSDPPeripheralConfiguration: Sendable {
    public var address: UInt8
    /// The SCBK this PD shares with its CP; nil (and not in install mode) means the PD reports
    /// no Secure Channel support in PDCAP.
    public var scbk: OSDPKey?
    /// Accept a handshake keyed with SCBK-D, once, so a CP can install an SCBK (Annex D.8).
    public var installMode: Bool
    /// Refuse every command but POLL, ID, CAP and the handshake outside a secure channel.
    public var enforceSecure: Bool
    public var identity: OSDPDeviceIdentity
    public var capabilities: [OSDPCapability]

    public init(
        address: UInt8, scbk: OSDPKey? = nil, installMode: Bool = false, enforceSecure: Bool = false, identity: OSDPDeviceIdentity? = nil
    ) {
        self.address = address
        self.scbk = scbk
        self.installMode = installMode
        self.enforceSecure = enforceSecure
        var id = OSDPDeviceIdentity()
        id.vendor = 0x5647_4C  // "VGL"
        id.model = 1
        id.version = 1
        id.serial = 0x0001_0203
        id.firmware = (0, 1, 0)
        self.identity = identity ?? id
        let secure: UInt8 = (scbk != nil || installMode) ? 1 : 0
        capabilities = [
            OSDPCapability(function: 1, compliance: 1, count: 4),  // inputs
            OSDPCapability(function: 2, compliance: 1, count: 2),  // outputs
            OSDPCapability(function: 3, compliance: 1, count: 0),  // card data as bits
            OSDPCapability(function: 4, compliance: 1, count: 1),  // one LED per reader
            OSDPCapability(function: 5, compliance: 1, count: 1),  // buzzer
            OSDPCapability(function: 6, compliance: 1, count: 1),  // text display
            OSDPCapability(function: 8, compliance: 1, count: 0),  // CRC-16
            OSDPCapability(function: OSDPCapability.communicationSecurity, compliance: secure, count: secure),
            OSDPCapability(function: 10, compliance: 0xA0, count: 0x05),  // receive buffer 1440 bytes (LE)
            OSDPCapability(function: 13, compliance: 0, count: 1),  // readers
        ]
    }
}
