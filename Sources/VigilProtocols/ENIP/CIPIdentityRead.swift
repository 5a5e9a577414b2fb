import VigilCore

/// A read of the Identity object (class 0x01, CIP Vol. 1 §5-2) by explicit messaging: what an
/// engineering tool or a scanner asks a device to name itself, answered with the same fields
/// ListIdentity gives (vendor, device type, product code, revision, serial, product name).
///
/// The request says which attributes were asked for; the reply carries only their values, so
/// the analyzer remembers the request until the reply comes (`ENIPAnalyzer.pendingIdentityRead`).
public struct CIPIdentityRead: Equatable, Sendable {
    /// 0x01 Get_Attributes_All, or 0x0E Get_Attribute_Single of `attribute`.
    public var service: UInt8
    public var attribute: UInt32?

    public init(service: UInt8, attribute: UInt32?) {
        self.service = service
        self.attribute = attribute
    }

    static let identityClass: UInt32 = 0x01
    static let getAttributesAll: UInt8 = 0x01
    static let getAttributeSingle: UInt8 = 0x0E
    static let unconnectedSend: UInt8 = 0x52
    static let connectionManagerClass: UInt32 = 0x06

    /// The identity read `m` asks for, looking inside an Unconnected_Send (Vol. 1 §3-5.6.1:
    /// priority/tick, timeout ticks, message size u16, the message), as tools that route
    /// through a backplane send it. Nil for anything else.
    public static func requested(by m: CIPMessage, in b: UnsafeRawBufferPointer) -> CIPIdentityRead? {
        if m.service == unconnectedSend, m.classID == connectionManagerClass {
            let data = UnsafeRawBufferPointer(rebasing: b[m.dataOffset...])
            guard data.count >= 4 else { return nil }
            let size = Int(ByteReader.u16le(data, 2))
            guard 4 + size <= data.count, let inner = CIPMessage.parse(UnsafeRawBufferPointer(rebasing: data[4..<(4 + size)])),
                !inner.isResponse
            else { return nil }
            return requested(by: inner, in: UnsafeRawBufferPointer(rebasing: data[4..<(4 + size)]))
        }
        guard m.classID == identityClass, m.instanceID ?? 1 == 1 else { return nil }
        switch m.service {
        case getAttributesAll: return CIPIdentityRead(service: m.service, attribute: nil)
        case getAttributeSingle where (1...7).contains(m.attributeID ?? 0):
            return CIPIdentityRead(service: m.service, attribute: m.attributeID)
        default: return nil
        }
    }

    /// The fields a successful reply's data gives (Vol. 1 §5-2.2.1 instance attributes 1-7,
    /// in order for Get_Attributes_All): vendor UINT, device type UINT, product code UINT,
    /// revision USINT.USINT, status WORD, serial UDINT, product name SHORT_STRING.
    public func fields(_ d: UnsafeRawBufferPointer, maxNameBytes: Int) -> Fields {
        var f = Fields()
        var c = ByteCursor(d)
        func name() -> String? {
            guard let n = c.vector8() else { return nil }
            return BytesText.text(n, limit: maxNameBytes)
        }
        switch attribute {
        case nil:
            guard let vendor = c.u16le(), let type = c.u16le(), let code = c.u16le(), let major = c.u8(), let minor = c.u8(),
                c.skip(2), let serial = c.u32le()
            else { return f }
            (f.vendorID, f.deviceType, f.productCode, f.revision, f.serial) = (vendor, type, code, (major, minor), serial)
            f.productName = name()
        case 1?: f.vendorID = c.u16le()
        case 2?: f.deviceType = c.u16le()
        case 3?: f.productCode = c.u16le()
        case 4?:
            if let major = c.u8(), let minor = c.u8() { f.revision = (major, minor) }
        case 6?: f.serial = c.u32le()
        case 7?: f.productName = name()
        default: break
        }
        return f
    }

    public struct Fields {
        public var vendorID: UInt16?
        public var deviceType: UInt16?
        public var productCode: UInt16?
        public var revision: (major: UInt8, minor: UInt8)?
        public var serial: UInt32?
        public var productName: String?
    }
}
