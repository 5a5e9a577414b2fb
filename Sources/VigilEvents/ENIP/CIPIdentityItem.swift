import VigilCore

/// The CIP Identity item of a ListIdentity reply (EtherNet/IP spec, Vol. 2 §2-4.3.2):
/// encapsulation version u16, socket address (sin_family, sin_port, sin_addr big-endian,
/// 8 zero bytes), vendor id u16, device type u16, product code u16, revision major.minor,
/// status u16, serial u32, product name (u8 length + text), state u8.
public struct CIPIdentityItem: Equatable, Sendable {
    public var encapsulationVersion: UInt16
    public var socketAddress: UInt32
    public var socketPort: UInt16
    public var vendorID: UInt16
    public var deviceType: UInt16
    public var productCode: UInt16
    public var revisionMajor: UInt8
    public var revisionMinor: UInt8
    public var status: UInt16
    public var serial: UInt32
    public var productName: [UInt8]
    public var state: UInt8?

    public init(
        encapsulationVersion: UInt16, socketAddress: UInt32, socketPort: UInt16, vendorID: UInt16, deviceType: UInt16,
        productCode: UInt16, revisionMajor: UInt8, revisionMinor: UInt8, status: UInt16, serial: UInt32, productName: [UInt8],
        state: UInt8?
    ) {
        self.encapsulationVersion = encapsulationVersion
        self.socketAddress = socketAddress
        self.socketPort = socketPort
        self.vendorID = vendorID
        self.deviceType = deviceType
        self.productCode = productCode
        self.revisionMajor = revisionMajor
        self.revisionMinor = revisionMinor
        self.status = status
        self.serial = serial
        self.productName = productName
        self.state = state
    }
}
