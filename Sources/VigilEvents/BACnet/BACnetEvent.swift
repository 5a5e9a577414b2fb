import VigilCore

/// One thing a BACnet/IP datagram carried (ASHRAE 135): its BVLC/NPDU/APDU header, and the
/// discovery, property and device-control services decoded from its service data.
public typealias BACnetEvent = FlowMessage<BACnetEventKind>

/// An object identifier (clause 20.2.14): object type and instance number.
public struct BACnetObjectID: Sendable, Equatable {
    public var type: UInt32
    public var instance: UInt32

    public init(type: UInt32, instance: UInt32) {
        self.type = type
        self.instance = instance
    }
}

/// A property's value as logged: one primitive of it.
public enum BACnetPropertyValue: Sendable, Equatable {
    /// An enumerated or unsigned value of a property whose values have names
    /// (event-state, units, reliability, …).
    case enumerated(UInt32)
    /// Any other primitive value, as text.
    case text(String)
    /// A ReadPropertyMultiple-ACK's error result for the property.
    case propertyError
    /// A ReadRange-ACK's item count.
    case itemCount(UInt32)
}

/// What a BACnet/IP datagram carried.
public enum BACnetEventKind: Sendable {
    /// A BVLL message with no NPDU (Annex J.2): a BVLC-Result with its result code, or
    /// BDT/FDT management.
    case bvlc(function: UInt8, result: UInt16?)
    /// A network layer message (clause 6.4) of this type.
    case networkMessage(bvlcFunction: UInt8, type: UInt8)
    /// An APDU header (clause 20.1): PDU type (0 confirmed request … 7 abort), service
    /// choice, invoke id, and for an Error PDU its error code, for a Reject or Abort its
    /// reason. A segmented message is reported once, at its first segment.
    case apdu(bvlcFunction: UInt8, type: UInt8, service: UInt8?, invokeID: UInt8?, errorCode: UInt32?, reason: UInt8?)
    /// A discovery service (clause 16.9, 16.10): `service` is the unconfirmed service
    /// choice (0 I-Am, 1 I-Have, 7 Who-Has, 8 Who-Is); `range` the Who-Is/Who-Has device
    /// range ("low-high" or "All").
    case discovery(
        service: UInt8, device: BACnetObjectID?, object: BACnetObjectID?, vendorID: UInt32?, range: String?, objectName: String?)
    /// A property read, written or answered (clause 15): `service` is the confirmed
    /// service choice (12 ReadProperty, 14 ReadPropertyMultiple, 15 WriteProperty, 26
    /// ReadRange) and `isAck` tells a request from its ACK.
    case property(
        invokeID: UInt8?, service: UInt8, isAck: Bool, object: BACnetObjectID, property: UInt32, arrayIndex: UInt32?,
        value: BACnetPropertyValue?)
    /// An Error PDU answering a property service, with its error code.
    case propertyServiceError(invokeID: UInt8?, service: UInt8, errorCode: UInt32?)
    /// DeviceCommunicationControl (service 17: duration in minutes, 0 enable / 1 disable /
    /// 2 disable-initiation) or ReinitializeDevice (service 20: the state asked for), with
    /// the password sent in clear (empty when none).
    case deviceControlRequest(invokeID: UInt8?, service: UInt8, duration: UInt32?, state: Int?, password: String)
    /// The answer to a device-control request: success, or an error with its code.
    case deviceControlResponse(invokeID: UInt8?, service: UInt8, succeeded: Bool, errorCode: UInt32?)
}
