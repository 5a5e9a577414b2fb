import VigilCore

/// One ISO-on-TCP unit decoded on a Siemens S7 connection (port 102): a COTP PDU (RFC 905
/// via RFC 1006), an S7comm job, ack or user-data message, a Read SZL answer, a block
/// upload/download step, an S7comm-plus message, or the CPU's identity once known.
public typealias S7Event = FlowMessage<S7EventKind>

/// What an S7 connection carried, unit by unit.
public enum S7EventKind: Sendable {
    /// A COTP TPDU; its type is the high nibble of the code (0xF data, 0xE connect
    /// request, 0xD connect confirm, …).
    case cotp(pduType: UInt8)
    /// An S7comm PDU (protocol id 0x32). `rosctr` is 1 job, 2 ack, 3 ack-data, 7 user data.
    /// `function` is the parameter's function code (for user data, the type and group
    /// byte); `subfunction` the user-data subfunction; `plcControlService` the PI service
    /// of PLC Control (function 0x28), such as `P_PROGRAM`.
    case s7comm(
        rosctr: UInt8, pduReference: UInt16, function: UInt8?, subfunction: UInt8?, plcControlService: String?,
        errorClass: UInt8?, errorCode: UInt16?)
    /// A Read SZL user-data message (group 4, subfunction 1): its method (0x11 request,
    /// 0x12 response), the list's id and index, and the user data's return code.
    case readSZL(pduReference: UInt16, method: UInt8, szlID: UInt16, szlIndex: UInt16, returnCode: UInt8?)
    /// A block upload or download job or ack (functions 0x1A–0x1F), with the block's file
    /// name (for example `_0B00000A`: type, number, file system) when the job names it.
    case blockTransfer(
        rosctr: UInt8, pduReference: UInt16, function: UInt8, status: UInt8?, sessionID: UInt32?, blockLength: UInt32?,
        filename: String?)
    /// A Read Var (0x04) or Write Var (0x05) job (`rosctr` 1) and the items it reads or
    /// writes, with the data written; or the CPU's answer (`rosctr` 3) with each item's return
    /// code and the data read, its items' addresses taken from the job it answers when that
    /// was seen.
    case variables(rosctr: UInt8, pduReference: UInt16, function: UInt8, items: [S7VariableItem])
    /// An S7comm-plus PDU (protocol id 0x72): version, opcode (0x31 request, 0x32
    /// response, …) and, for requests and responses, the function.
    case s7commPlus(version: UInt8, opcode: UInt8, function: UInt16?)
    /// The CPU's identity as known so far, reported when it first becomes known and each
    /// time a later list changes it.
    case device(S7Identity)
}
