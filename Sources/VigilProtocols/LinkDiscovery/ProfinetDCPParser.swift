import VigilCore
import VigilEvents

/// Reads PROFINET DCP frames (IEC 61158-6-10 §4.3, EtherType 0x8892): how PROFINET IO
/// controllers and engineering tools find field devices and give them a name and address.
/// A device names itself in its answers to Identify and Get, and in its Hello: its
/// NameOfStation, its Type of Station (the vendor's model text), its vendor and device ids,
/// its role and its IP suite. Requests name nothing of their sender; a Set request names what
/// is about to be written to another device, so neither is read as identity.
public enum ProfinetDCPParser {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The DCP header (12 bytes after the EtherType) is cut short.
        case truncatedHeader
        /// A block's length runs past the DCP data (`offset`: the block's first byte, counted
        /// from the FrameID).
        case truncatedBlock(offset: Int)

        public var description: String {
            switch self {
            case .truncatedHeader: "the DCP header is shorter than 12 bytes"
            case .truncatedBlock(let offset): "the block at byte \(offset) runs past the DCP data"
            }
        }
    }

    /// FrameIDs of DCP (IEC 61158-6-10 Table 262; the decoder passes only these,
    /// `LinkDiscoveryFrame.dcpFrameIDs`): Hello, Get/Set, Identify request and response.
    static let helloFrame: UInt16 = 0xFEFC
    static let getSetFrame: UInt16 = 0xFEFD
    static let identifyResponseFrame: UInt16 = 0xFEFF
    /// ServiceID (§4.3.1.3.2): Get 3, Identify 5, Hello 6. ServiceType: 0 request, 1 success.
    static let serviceGet: UInt8 = 3, serviceIdentify: UInt8 = 5, serviceHello: UInt8 = 6
    static let headerLength = 12

    /// DeviceRoleDetails bits (§4.3.1.4.11), as the roles the inventory records.
    static let roleNames = ["profinet_io_device", "profinet_io_controller", "profinet_io_multidevice", "profinet_supervisor"]

    /// Whether `b` (from the FrameID on) is a device speaking of itself: a successful
    /// Identify or Get response, or a Hello.
    public static func speaksForDevice(_ b: UnsafeRawBufferPointer) -> Bool {
        guard b.count >= 4 else { return false }
        let frame = ByteReader.u16(b, 0)
        let (service, type) = (b[2], b[3])
        switch frame {
        case identifyResponseFrame: return service == serviceIdentify && type == 1
        case getSetFrame: return service == serviceGet && type == 1
        case helloFrame: return service == serviceHello && type == 0
        default: return false
        }
    }

    /// The device's blocks in `b` (from the FrameID on). What was read before a fault is kept
    /// in `a`; the fault is returned beside it.
    public static func parse(_ b: UnsafeRawBufferPointer, into a: inout DeviceAnnouncement) -> Failure? {
        guard b.count >= headerLength else { return .truncatedHeader }
        // Ethernet pads short frames: the DCP data length says where the blocks end.
        let end = min(b.count, headerLength + Int(ByteReader.u16(b, 10)))
        var o = headerLength
        while o < end {
            guard o + 4 <= end else { return .truncatedBlock(offset: o) }
            let option = b[o]
            let suboption = b[o + 1]
            let length = Int(ByteReader.u16(b, o + 2))
            guard o + 4 + length <= end else { return .truncatedBlock(offset: o) }
            // Every block a device sends starts with its 2-byte BlockInfo (§4.3.1.4.1).
            if length >= 2 { block(option, suboption, UnsafeRawBufferPointer(rebasing: b[(o + 6)..<(o + 4 + length)]), into: &a) }
            o += 4 + length + (length & 1)  // blocks are padded to an even length
        }
        return nil
    }

    /// One block's value, after its BlockInfo.
    static func block(_ option: UInt8, _ suboption: UInt8, _ v: UnsafeRawBufferPointer, into a: inout DeviceAnnouncement) {
        switch (option, suboption) {
        case (1, 2) where v.count >= 12:
            // IP parameter: address, mask, gateway. 0.0.0.0 is a device still waiting for one.
            let ip = IPAddress.v4(v, at: 0)
            if !ip.isUnspecified { a.managementAddresses.append(ip) }
        case (2, 1): a.model = LLDPParser.text(v)
        case (2, 2): a.systemName = LLDPParser.text(v)
        case (2, 3) where v.count >= 4:
            a.vendorID = ByteReader.u16(v, 0)
            a.deviceID = ByteReader.u16(v, 2)
        case (2, 4) where v.count >= 1:
            a.capabilities = roleNames.indices.filter { v[0] & (1 << $0) != 0 }.map { roleNames[$0] }
        case (2, 6): a.aliasName = LLDPParser.text(v)
        default: break
        }
    }
}
