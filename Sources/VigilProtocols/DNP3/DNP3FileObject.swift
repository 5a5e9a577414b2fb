import VigilCore
import VigilEvents

/// Decoding of a file-control object's bytes, variation by variation.
extension DNP3FileObject {
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
