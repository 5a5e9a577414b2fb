import VigilCore

/// A Read Device Identification response (FC 43 / MEI 14, spec §6.21): the objects a device
/// states about itself.
public struct ModbusDeviceIdentificationEvent: Sendable {
    public struct Object: Sendable, Equatable {
        /// 0x00 VendorName, 0x01 ProductCode, 0x02 MajorMinorRevision, 0x04 ProductName,
        /// 0x05 ModelName, ...
        public var id: UInt8
        /// The value as text (non-printable bytes escaped, bounded by `Limits.maxLogStringBytes`).
        public var value: String

        public init(id: UInt8, value: String) {
            self.id = id
            self.value = value
        }
    }

    public var ts: Timestamp
    public var flow: FlowRef
    public var transactionID: UInt16
    public var unitID: UInt8
    /// The read device id code (1 basic, 2 regular, 3 extended, 4 one object), when present.
    public var readCode: UInt8?
    /// The conformity level byte, when the response carries one.
    public var conformityLevel: UInt8?
    public var objects: [Object]
    /// The response's link to its request (`ModbusPDUEvent.linkNumber`).
    public var linkNumber: Int?

    public init(
        ts: Timestamp, flow: FlowRef, transactionID: UInt16, unitID: UInt8, readCode: UInt8? = nil, conformityLevel: UInt8?,
        objects: [Object], linkNumber: Int? = nil
    ) {
        self.ts = ts
        self.flow = flow
        self.transactionID = transactionID
        self.unitID = unitID
        self.readCode = readCode
        self.conformityLevel = conformityLevel
        self.objects = objects
        self.linkNumber = linkNumber
    }
}
