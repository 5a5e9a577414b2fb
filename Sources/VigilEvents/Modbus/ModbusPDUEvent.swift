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
    /// The first coil or register addressed: requests of FC 1–6, 15, 16, 22, 23 (for FC 23 the
    /// read part) and 24 (the FIFO pointer); responses of FC 5, 6, 15, 16 and 22, which echo it.
    public var address: UInt16?
    /// How many coils or registers: requests of FC 1–4, 15, 16 and 23's read part; responses of
    /// FC 15 and 16, which echo it.
    public var quantity: UInt16?
    /// For FC 23 requests, the write part's first register.
    public var writeAddress: UInt16?
    /// Register values the PDU carries: written by a request (FC 6 one, FC 16 and FC 23 many),
    /// echoed by an FC 6 response, read by a response (FC 3, 4, 23, and FC 24's FIFO), and
    /// FC 22's AND and OR masks (both directions).
    public var registers: [UInt16]
    /// Coil values the PDU carries: written by a request (FC 5 one, FC 15 many), echoed by an
    /// FC 5 response, or read by an FC 1 or 2 response (every bit of its bytes, the padding
    /// after the last coil asked for included, low bit first).
    public var coils: [Bool]
    /// What only some functions carry: diagnostics, encapsulated transport, file records.
    public var functionData: ModbusFunctionData?
    /// Numbers the request and its response within the flow for FC 22, 23 and 43, whose rows
    /// in ICSNPP's logs link to each other (`modbus_detailed_link_id`).
    public var linkNumber: Int?

    public var isException: Bool { functionCode & 0x80 != 0 }

    public init(
        ts: Timestamp, flow: FlowRef, isOrig: Bool, transactionID: UInt16, unitID: UInt8, functionCode: UInt8,
        exceptionCode: UInt8? = nil, address: UInt16? = nil, quantity: UInt16? = nil, writeAddress: UInt16? = nil,
        registers: [UInt16] = [], coils: [Bool] = [], functionData: ModbusFunctionData? = nil, linkNumber: Int? = nil
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
        self.registers = registers
        self.coils = coils
        self.functionData = functionData
        self.linkNumber = linkNumber
    }

    /// Values written by a request (FC 5, 6, 15, 16, 23); empty for anything else.
    public var registersWritten: [UInt16] { isOrig && [0x06, 0x10, 0x17].contains(functionCode) ? registers : [] }
    public var coilsWritten: [Bool] { isOrig && [0x05, 0x0F].contains(functionCode) ? coils : [] }
}
