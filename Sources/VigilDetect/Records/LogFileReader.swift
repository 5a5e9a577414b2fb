import VigilCore
import VigilLogs

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a Zeek log file, JSON (one object per line) or TSV (with its `#` header), row by row.
///
/// The log's path comes from the TSV `#path` line, or else from the file name with Zeek's
/// rotation stamp removed (`conn.2024-05-01-10-00-00-2024-05-01-11-00-00.log` is `conn`).
public struct LogFileReader {
    public let file: String
    public let log: String

    /// A row that could not be read: named by line, byte and what was expected there.
    public struct BadRow: Sendable, CustomStringConvertible {
        public let line: Int
        public let offset: Int
        public let reason: String
        public var description: String { "line \(line), byte \(offset): \(reason)" }
    }

    public init(file: String) {
        self.file = file
        self.log = Self.logName(ofFile: file)
    }

    /// The log a file holds, from its name: `dns.log`, `dns.json`, `dns.2024-…-….log` → `dns`.
    public static func logName(ofFile file: String) -> String {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return String(name.split(separator: ".").first ?? Substring(name))
    }

    /// Calls `row` for every row, `bad` for every row that is not well formed (reading goes on
    /// after it). Throws only when the file cannot be opened.
    public func forEachRow(_ row: (EventRecord) -> Void, bad: (BadRow) -> Void = { _ in }) throws {
        try forEachRow(fields: .everything, { record, _ in row(record) }, bad: bad)
    }

    /// Only the fields in `fields` become values (`FieldSelection`); `row` also gets a way to
    /// read the row again for other fields, for the few rows that need them.
    public func forEachRow(
        fields: FieldSelection, _ row: (EventRecord, (FieldSelection) -> EventRecord) -> Void, bad: (BadRow) -> Void = { _ in }
    ) throws {
        guard let handle = fopen(file, "r") else {
            throw VigilError(.ioFailure, "cannot open (errno \(errno))", source: file)
        }
        defer { fclose(handle) }
        var lineBuffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(lineBuffer) }
        var header: TSVLogHeader?
        var logName = log
        var lineNumber = 0
        let parser = JSONRowParser(fields: fields)
        while true {
            let n = getline(&lineBuffer, &capacity, handle)
            guard n >= 0, let buffer = lineBuffer else { break }
            lineNumber += 1
            var length = n
            while length > 0, buffer[length - 1] == 0x0A || buffer[length - 1] == 0x0D { length -= 1 }
            if length == 0 { continue }
            let bytes = UnsafeRawBufferPointer(start: buffer, count: length)
            if bytes[0] == UInt8(ascii: "{") {
                do {
                    let name = logName
                    row(
                        try parser.parse(bytes, log: name),
                        { (try? JSONRowParser(fields: $0).parse(bytes, log: name)) ?? EventRecord(log: name) })
                } catch {
                    bad(BadRow(line: lineNumber, offset: error.offset, reason: "expected \(error.expected)"))
                }
                continue
            }
            let text = String(decoding: bytes, as: UTF8.self)
            if bytes[0] == UInt8(ascii: "#") {
                var h = header ?? TSVLogHeader()
                if h.read(directive: text) {
                    if let path = h.path { logName = path }
                    header = h
                }
                continue
            }
            guard let h = header, !h.fields.isEmpty else {
                bad(BadRow(line: lineNumber, offset: 0, reason: "neither a JSON object nor a row after a TSV '#fields' line"))
                continue
            }
            let name = logName
            row(h.record(Substring(text), log: name, selecting: fields), { h.record(Substring(text), log: name, selecting: $0) })
        }
    }
}
