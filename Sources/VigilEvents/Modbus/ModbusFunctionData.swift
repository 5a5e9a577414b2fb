/// The parts of a Modbus PDU that only a few functions carry. Boxed (`indirect`), so the
/// common read and write PDUs do not pay for them in every event.
public indirect enum ModbusFunctionData: Sendable, Equatable {
    /// FC 8 (§6.8): the sub-function and the data after it, both directions.
    case diagnostics(subfunction: UInt16, data: [UInt8])
    /// FC 43 (§6.19–6.21): the MEI type; in a Read Device Identification request (MEI 14) the
    /// read code and the object asked for.
    case encapsulated(meiType: UInt8, readCode: UInt8?, objectID: UInt8?)
    /// FC 20 and 21 (§6.14, 6.15): the sub-requests, sub-responses or references.
    case fileRecords([ModbusFileRecord])
}

/// One file-record group of FC 20 or 21. Its fields follow Zeek's records: a read request
/// (ModbusFileRecordRequest) has no data; a read response (ModbusFileRecordResponse) has only
/// `fileLength`, `referenceType` and `data`; a write request or response (ModbusFileReference)
/// has all but `fileLength`.
public struct ModbusFileRecord: Sendable, Equatable {
    public var referenceType: UInt8
    public var fileNumber: UInt16?
    public var recordNumber: UInt16?
    public var recordLength: UInt16?
    /// A read response's sub-response length byte.
    public var fileLength: UInt8?
    public var data: [UInt8]?

    public init(
        referenceType: UInt8, fileNumber: UInt16? = nil, recordNumber: UInt16? = nil, recordLength: UInt16? = nil,
        fileLength: UInt8? = nil, data: [UInt8]? = nil
    ) {
        self.referenceType = referenceType
        self.fileNumber = fileNumber
        self.recordNumber = recordNumber
        self.recordLength = recordLength
        self.fileLength = fileLength
        self.data = data
    }
}
