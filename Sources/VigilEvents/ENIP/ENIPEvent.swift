import VigilCore

/// One EtherNet/IP unit (ODVA, The CIP Networks Library Vol. 2): an encapsulation header, a
/// CIP explicit message (each one of a Multiple Service Packet on its own), a class 0/1 I/O
/// packet, or a ListIdentity reply's identity item.
public typealias ENIPEvent = FlowMessage<ENIPEventKind>

/// What an EtherNet/IP connection carried, message by message.
public enum ENIPEventKind: Sendable {
    /// The encapsulation header (Vol. 2 §2-3): command, the length of the data after the
    /// header, session handle, status, the sender context's 8 bytes read as one
    /// big-endian number (so its hex digits are the wire's bytes in order), options.
    case encapsulation(command: UInt16, length: Int, sessionHandle: UInt32, status: UInt32, senderContext: UInt64, options: UInt32)
    /// A CIP message (Vol. 1 §2-4): its service without the response bit; for a response
    /// the general and extended status; for a request the path's class, instance and
    /// attribute. `sequence` is the connected data item's sequence count.
    case cip(
        sequence: UInt16?, isResponse: Bool, service: UInt8, status: UInt8, extendedStatus: UInt16?, classID: UInt32?,
        instanceID: UInt32?, attributeID: UInt32?)
    /// Implicit (class 0/1) I/O on UDP 2222: connection id, sequence number and the data.
    case io(connectionID: UInt32, sequence: UInt32, data: [UInt8])
    /// A ListIdentity reply's CIP Identity item, with its product name as text (escaped,
    /// bounded by `Limits.maxLogStringBytes`).
    case identity(CIPIdentityItem, productName: String)
}
