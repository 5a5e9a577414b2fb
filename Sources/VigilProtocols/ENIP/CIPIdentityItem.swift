import VigilCore
import VigilEvents

extension CIPIdentityItem {
    /// Reads the item's bytes; nil when it is shorter than its fixed part or its name.
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
