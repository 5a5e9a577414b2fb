import VigilEvents

/// One S7comm PDU (protocol id 0x32), decoded as far as Vigil logs it. Layout from the
/// Wireshark s7comm dissector's documentation of the (unpublished) Siemens protocol:
///
/// ```
/// header:  0 0x32 | 1 ROSCTR | 2 redundancy id u16 | 4 PDU reference u16
///          6 parameter length u16 | 8 data length u16 | ACK/ACK-Data: 10 error class, 11 error code
/// params:  Job/ACK-Data: function u8, ...
///          User-Data: 00 01 12 | length | method | type<<4|group | subfunction | sequence
///                     (responses: | data unit ref | last data unit | error code u16)
/// data:    User-Data: return code | transport size | length u16 | payload
/// ```
public struct S7Message: Sendable {
    public var rosctr: UInt8
    public var pduReference: UInt16
    public var function: UInt8?
    public var subfunction: UInt8?
    public var errorClass: UInt8?
    public var errorCode: UInt16?
    /// PLC Control (function 0x28) service name, e.g. `P_PROGRAM`.
    public var plcControlService: String?
    public var userData: UserData?
    public var transfer: BlockTransfer?
    /// A Read Var or Write Var job's items, with the data written.
    public var variables: [S7VariableItem]?
    /// Why a Read Var or Write Var job's items could not be read.
    public var variablesProblem: String?

    public struct UserData: Sendable {
        public var method: UInt8
        public var group: UInt8
        public var dataUnitReference: UInt8 = 0
        /// Non-zero when more data units follow (a fragmented response).
        public var lastDataUnit: UInt8 = 0
        public var returnCode: UInt8?
        /// The data after the 4-byte data header.
        public var payload: [UInt8] = []
    }

    /// Upload/download job fields (functions 0x1A-0x1F).
    public struct BlockTransfer: Sendable {
        public var status: UInt8?
        public var sessionID: UInt32?
        public var blockLength: UInt32?
        public var filename: String?
    }
}
