import VigilCore

/// One Modbus/TCP PDU, request or response, with what it reads or writes where the function
/// says (Modbus Application Protocol Specification V1.1b3 §6).
public struct ModbusPDUEvent: Sendable {
    public var ts: Timestamp
    public var flow: FlowRef
    /// From the client (a request) or the server (a response).
    public var isOrig: Bool
    public var transactionID: UInt16
    public var unitID: UInt8
    /// As on the wire: the high bit set on an exception response.
    public var functionCode: UInt8
    /// The exception code of an exception response (§7).
    public var exceptionCode: UInt8?
    /// The first coil or register addressed (requests of FC 1–6, 15, 16, 22, 23; for FC 23
    /// the read part).
    public var address: UInt16?
    /// How many coils or registers (FC 1–4, 15, 16, 23's read part).
    public var quantity: UInt16?
    /// For FC 23 requests, the write part's first register.
    public var writeAddress: UInt16?
    /// Register values written: FC 6 (one), FC 16 and FC 23 (many), FC 22 (AND and OR masks).
    public var registersWritten: [UInt16]
    /// Coil values written: FC 5 (one), FC 15 (many).
    public var coilsWritten: [Bool]

    public var isException: Bool { functionCode & 0x80 != 0 }

    public init(
        ts: Timestamp, flow: FlowRef, isOrig: Bool, transactionID: UInt16, unitID: UInt8, functionCode: UInt8,
        exceptionCode: UInt8? = nil, address: UInt16? = nil, quantity: UInt16? = nil, writeAddress: UInt16? = nil,
        registersWritten: [UInt16] = [], coilsWritten: [Bool] = []
    ) {
        self.ts = ts
        self.flow = flow
        self.isOrig = isOrig
        self.transactionID = transactionID
        self.unitID = unitID
        self.functionCode = functionCode
        self.exceptionCode = exceptionCode
        self.address = address
        self.quantity = quantity
        self.writeAddress = writeAddress
        self.registersWritten = registersWritten
        self.coilsWritten = coilsWritten
    }
}
