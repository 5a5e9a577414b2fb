import VigilCapture

#if canImport(Glibc)
    import Glibc
#endif

/// Fuzzes the pcap and pcapng readers through a real file, reading until the end or an error.
func fuzzCapture(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var template = Array("/tmp/vigil-fuzz-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else { return 0 }
    _ = write(fd, data, size)
    close(fd)
    let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    defer { unlink(path) }
    guard var source = try? CaptureFile.open(path: path) else { return 0 }
    var n = 0
    while n < 100_000, let p = try? source.next() {
        _ = p.data.count
        n += 1
    }
    return 0
}
