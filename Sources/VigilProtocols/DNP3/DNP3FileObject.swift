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

    init(variation: UInt8) { self.variation = variation }

    /// Why an object's bytes do not decode.
    enum Failure: Error, Equatable {
        /// Shorter than the variation's fixed fields.
        case truncated(needed: Int)
        /// A name's offset and size point outside the object or into its fixed fields.
        case nameOutside(field: String, offset: Int, size: Int)
        /// An obsolete or undefined variation (g70v1 file identifier is obsolete).
        case unsupported
    }

    /// Decodes one object's bytes (the size prefix already removed).
    static func decode(variation: UInt8, _ b: UnsafeRawBufferPointer) -> Result<DNP3FileObject, Failure> {
        do {
            return .success(try read(variation: variation, b))
        } catch {
            return .failure(error)
        }
    }

    private static func read(variation: UInt8, _ b: UnsafeRawBufferPointer) throws(Failure) -> DNP3FileObject {
        var o = DNP3FileObject(variation: variation)
        func need(_ n: Int) throws(Failure) { if b.count < n { throw .truncated(needed: n) } }
        func u16(_ at: Int) -> UInt16 { ByteReader.u16le(b, at) }
        func u32(_ at: Int) -> UInt32 { ByteReader.u32le(b, at) }
        func time(_ at: Int) -> UInt64 { UInt64(u32(at)) | UInt64(u16(at + 4)) << 32 }
        func tail(from at: Int) -> [UInt8] { Array(b[at...]) }
        /// A string placed by an offset and size counted from the object's start (the group 70
        /// descriptions' "offset" fields), which must lie after the fixed fields.
        func string(_ field: String, offsetAt: Int, fixed: Int) throws(Failure) -> [UInt8] {
            let offset = Int(u16(offsetAt))
            let size = Int(u16(offsetAt + 2))
            guard size == 0 || (offset >= fixed && offset + size <= b.count) else {
                throw .nameOutside(field: field, offset: offset, size: size)
            }
            return size == 0 ? [] : Array(b[offset..<(offset + size)])
        }
        switch variation {
        case 2:  // g70v2 authentication
            try need(12)
            o.userName = try string("user name", offsetAt: 0, fixed: 12)
            o.sentPassword = u16(6) > 0
            o.authenticationKey = u32(8)
        case 3:  // g70v3 file command
            try need(26)
            o.fileName = try string("file name", offsetAt: 0, fixed: 26)
            o.createdMillis = time(4)
            o.permissions = u16(10)
            o.authenticationKey = u32(12)
            o.mode = u16(20)
            // The size of the file to come, which only a WRITE gives (tshark shows it only then).
            if o.mode == 2 { o.fileSize = u32(16) }
            o.maxBlockSize = u16(22)
            o.requestID = u16(24)
        case 4:  // g70v4 file command status
            try need(13)
            o.handle = u32(0)
            o.fileSize = u32(4)
            o.maxBlockSize = u16(8)
            o.requestID = u16(10)
            o.status = b[12]
            o.text = tail(from: 13)
        case 5:  // g70v5 file transport
            try need(8)
            o.handle = u32(0)
            o.rawBlockNumber = u32(4)
            o.data = tail(from: 8)
        case 6:  // g70v6 file transport status
            try need(9)
            o.handle = u32(0)
            o.rawBlockNumber = u32(4)
            o.status = b[8]
            o.text = tail(from: 9)
        case 7:  // g70v7 file descriptor
            try need(20)
            o.fileName = try string("file name", offsetAt: 0, fixed: 20)
            o.fileType = u16(4)
            o.fileSize = u32(6)
            o.createdMillis = time(10)
            o.permissions = u16(16)
            o.requestID = u16(18)
        case 8:  // g70v8 file specification string
            o.fileName = tail(from: 0)
        default:
            throw .unsupported
        }
        return o
    }
}

extension DNP3FileObject.Failure {
    /// The weird detail: what was wrong, in the object's own terms.
    var detail: String {
        switch self {
        case .truncated(let n): "shorter than its \(n) bytes of fixed fields"
        case .nameOutside(let field, let offset, let size): "\(field) at offset \(offset), \(size) bytes, lies outside the object"
        case .unsupported: "variation not decoded"
        }
    }
}
