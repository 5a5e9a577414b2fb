import VigilCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Appends rows of one log to one file through a large stdio buffer.
final class LogFileWriter {
    let schema: LogSchema
    let format: LogFormat
    let path: String
    private var file: UnsafeMutablePointer<FILE>?
    private(set) var rows = 0
    private var json = JSONWriter(capacity: 1024)
    private var tsvRow: [UInt8] = []

    init(schema: LogSchema, format: LogFormat, path: String, openedAt: String) throws {
        self.schema = schema
        self.format = format
        self.path = path
        guard let f = fopen(path, "w") else {
            throw VigilError(.ioFailure, "cannot create log file (errno \(errno))", source: path)
        }
        setvbuf(f, nil, _IOFBF, 1 << 20)  // 1 MiB: fewer write(2) calls on busy logs
        file = f
        if format == .tsv { put(ZeekTSVEncoder.header(schema, openedAt: openedAt)) }
    }

    func write(_ r: LogRecord) {
        rows += 1
        switch format {
        case .json:
            json.reset()
            ZeekJSONEncoder.encode(r, into: &json)
            json.bytes.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, file) }
            fputc(0x0A, file)
        case .tsv:
            tsvRow.removeAll(keepingCapacity: true)
            ZeekTSVEncoder.encode(r, into: &tsvRow)
            tsvRow.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, file) }
        }
    }

    func close(closedAt: String) {
        guard let f = file else { return }
        if format == .tsv { put(ZeekTSVEncoder.footer(closedAt: closedAt)) }
        fclose(f)
        file = nil
    }

    func flush() { if let f = file { fflush(f) } }

    private func put(_ s: String) {
        var s = s
        s.withUTF8 { _ = fwrite($0.baseAddress, 1, $0.count, file) }
    }
}
