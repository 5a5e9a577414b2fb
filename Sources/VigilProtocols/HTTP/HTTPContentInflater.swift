import CZlib

/// Inflates an HTTP body sent with Content-Encoding gzip or deflate (RFC 9110 §8.4.1), as
/// it streams, so that file analysis sees the content itself, as Zeek's and tshark's do.
/// zlib does the work; the stream lives on the heap because zlib's state points back at it.
final class HTTPContentInflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var failed = false
    /// "deflate" is a zlib stream by the RFC, but some servers send raw deflate: if the
    /// first bytes are not a zlib header, inflation starts over without one.
    private var rawFallbackLeft: Bool
    private var started = false

    /// An inflater for the named coding, or nil for any other (identity, br, compress).
    init?(contentEncoding: String) {
        let coding = contentEncoding.trimmed.lowercased()
        guard ["gzip", "x-gzip", "deflate"].contains(coding) else { return nil }
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        rawFallbackLeft = coding == "deflate"
        // 15 + 32: a zlib or gzip header, whichever comes.
        guard inflateInit2_(stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            return nil
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Inflates `input`, handing the output on in pieces; after corrupt input, nothing more
    /// comes out (what came out before stands).
    func inflate(_ input: UnsafeRawBufferPointer, _ output: (UnsafeRawBufferPointer) -> Void) {
        guard !failed, let base = input.baseAddress, !input.isEmpty else { return }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16 * 1024) { out in
            while stream.pointee.avail_in > 0 {
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = uInt(out.count)
                let status = CZlib.inflate(stream, Z_NO_FLUSH)
                let produced = out.count - Int(stream.pointee.avail_out)
                if produced > 0 { output(UnsafeRawBufferPointer(start: out.baseAddress, count: produced)) }
                if status == Z_DATA_ERROR && !started && rawFallbackLeft {
                    rawFallbackLeft = false
                    guard inflateReset2(stream, -15) == Z_OK else {
                        failed = true
                        return
                    }
                    stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
                    stream.pointee.avail_in = uInt(input.count)
                    continue
                }
                started = true
                // The stream's end: bytes after it (a second gzip member, padding) are not read.
                if status == Z_STREAM_END {
                    failed = true
                    return
                }
                if status != Z_OK && status != Z_BUF_ERROR {
                    failed = true
                    return
                }
                if status == Z_BUF_ERROR && produced == 0 { return }
            }
        }
    }
}
