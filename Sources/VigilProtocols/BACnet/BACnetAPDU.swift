import VigilCore

/// The fixed part of an APDU (ASHRAE 135 clause 20.1): type, invoke id, service choice,
/// segmentation fields, and where the service data starts.
struct BACnetAPDU {
    var type: UInt8
    var invokeID: UInt8?
    var service: UInt8?
    /// Reject or abort reason.
    var reason: UInt8?
    var segmented = false
    var moreFollows = false
    var sequence: UInt8 = 0
    /// Offset of the service request/ack data within the APDU.
    var dataStart: Int

    /// Nil when the APDU is shorter than its type's fixed header.
    static func parse(_ b: UnsafeRawBufferPointer) -> BACnetAPDU? {
        guard let first = b.first else { return nil }
        let type = first >> 4
        let seg = first & 0x08 != 0
        let more = first & 0x04 != 0
        switch type {
        case 0:  // Confirmed-Request (20.1.2): flags, max segs/APDU, invoke id, [seq, window], service
            let h = seg ? 5 : 3
            guard b.count > h else { return nil }
            return BACnetAPDU(
                type: 0, invokeID: b[2], service: b[h], segmented: seg, moreFollows: more, sequence: seg ? b[3] : 0, dataStart: h + 1)
        case 1:  // Unconfirmed-Request (20.1.3)
            guard b.count >= 2 else { return nil }
            return BACnetAPDU(type: 1, service: b[1], dataStart: 2)
        case 2:  // SimpleACK (20.1.4)
            guard b.count >= 3 else { return nil }
            return BACnetAPDU(type: 2, invokeID: b[1], service: b[2], dataStart: 3)
        case 3:  // ComplexACK (20.1.5): flags, invoke id, [seq, window], service
            let h = seg ? 4 : 2
            guard b.count > h else { return nil }
            return BACnetAPDU(
                type: 3, invokeID: b[1], service: b[h], segmented: seg, moreFollows: more, sequence: seg ? b[2] : 0, dataStart: h + 1)
        case 4:  // SegmentACK (20.1.6)
            guard b.count >= 4 else { return nil }
            return BACnetAPDU(type: 4, invokeID: b[1], sequence: b[2], dataStart: 4)
        case 5:  // Error (20.1.7): invoke id, service, then error class and code
            guard b.count >= 3 else { return nil }
            return BACnetAPDU(type: 5, invokeID: b[1], service: b[2], dataStart: 3)
        case 6, 7:  // Reject (20.1.8), Abort (20.1.9): invoke id, reason
            guard b.count >= 3 else { return nil }
            return BACnetAPDU(type: type, invokeID: b[1], reason: b[2], dataStart: 3)
        default:
            return BACnetAPDU(type: type, dataStart: b.count)
        }
    }
}
