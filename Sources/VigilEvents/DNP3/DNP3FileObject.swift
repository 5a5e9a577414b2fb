import VigilCore

/// A file-control object (object group 70 in IEEE 1815-2012's object library, Annex A): the objects of
/// OPEN_FILE, CLOSE_FILE, DELETE_FILE, GET_FILE_INFO, AUTHENTICATE_FILE and of the READ/WRITE
/// requests and responses that move a file's blocks. Every object of group 70 is sent with a
/// size prefix (qualifier 0x5B), and its fields are little-endian. Only the fields of the
/// object's variation are set.
public struct DNP3FileObject: Equatable, Sendable {
    public var variation: UInt8
    /// g70v3 file command, g70v7 file descriptor, g70v8 file specification string.
    public var fileName: [UInt8]?
    /// g70v2 authentication. The password itself is never kept: only that one was sent.
    public var userName: [UInt8]?
    public var sentPassword = false
    /// g70v2, g70v3.
    public var authenticationKey: UInt32?
    /// DNP3 time (milliseconds since 1970, 48 bits), g70v3 and g70v7.
    public var createdMillis: UInt64?
    /// Unix-style rwx bits for owner, group and world (0x0100 owner read … 0x0001 world
    /// execute), g70v3 and g70v7.
    public var permissions: UInt16?
    /// g70v3 (WRITE mode only), g70v4, g70v7.
    public var fileSize: UInt32?
    /// g70v3: 0 NULL (delete), 1 READ, 2 WRITE, 3 APPEND.
    public var mode: UInt16?
    /// g70v3, g70v4.
    public var maxBlockSize: UInt16?
    /// Pairs a file command with its status, g70v3, g70v4, g70v7.
    public var requestID: UInt16?
    /// g70v4, g70v5, g70v6.
    public var handle: UInt32?
    /// Block number with the last-block flag in bit 31, as on the wire (g70v5, g70v6).
    public var rawBlockNumber: UInt32?
    /// g70v5: the block's bytes.
    public var data: [UInt8]?
    /// g70v4, g70v6.
    public var status: UInt8?
    /// g70v4, g70v6: the status's optional text.
    public var text: [UInt8]?
    /// g70v7: 0 directory, 1 simple file.
    public var fileType: UInt16?

    public var blockNumber: UInt32? { rawBlockNumber.map { $0 & 0x7FFF_FFFF } }
    public var isLastBlock: Bool? { rawBlockNumber.map { $0 & 0x8000_0000 != 0 } }

    public init(variation: UInt8) { self.variation = variation }
}
