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

    public static func parse(_ b: UnsafeRawBufferPointer) -> CIPIdentityItem? {
        guard b.count >= 33 else { return nil }
        let nameLength = Int(b[32])
        guard 33 + nameLength <= b.count else { return nil }
        return CIPIdentityItem(
            encapsulationVersion: ByteReader.u16le(b, 0), socketAddress: ByteReader.u32(b, 6), socketPort: ByteReader.u16(b, 4),
            vendorID: ByteReader.u16le(b, 18), deviceType: ByteReader.u16le(b, 20), productCode: ByteReader.u16le(b, 22),
            revisionMajor: b[24], revisionMinor: b[25], status: ByteReader.u16le(b, 26), serial: ByteReader.u32le(b, 28),
            productName: Array(b[33..<(33 + nameLength)]), state: 33 + nameLength < b.count ? b[33 + nameLength] : nil)
    }
}
