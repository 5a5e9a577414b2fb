import VigilCore

/// Encodes the rows one pipeline writes to one log, and hands them to the file in large
/// blocks: no stdio, so each byte is copied once on its way to the kernel, and no lock or call
/// per row (bench/run.sh writes ~3 million rows).
final class LogFileWriter {
    let schema: LogSchema
    let format: LogFormat
    let file: LogFile
    private(set) var rows = 0
    /// Encoded rows not yet written.
    /// A constant reference: a `var` one was retained and released around every row, since
    /// the row's builder could in principle have replaced it.
    private let pending = OutputBytes(capacity: LogFileWriter.bufferBytes + 64 * 1024)
    /// Written out once this much is pending (and on flush and close): 256 KiB keeps write(2)
    /// calls rare and the resident buffers of ~40 logs small.
    static let bufferBytes = 1 << 18

    init(schema: LogSchema, format: LogFormat, file: LogFile) {
        self.schema = schema
        self.format = format
        self.file = file
    }

    /// `rowText`, when given, gets the row's text as written (before it may be flushed).
    func write(_ r: LogRecord, rowText: ((UnsafeRawBufferPointer) -> Void)? = nil) {
        rows += 1
        let start = pending.count
        defer { if pending.count >= Self.bufferBytes { flush() } }
        var text = pending
        switch format {
        case .json:
            ZeekJSONEncoder.encode(r, into: &text)
            text.append(0x0A)
        case .tsv:
            ZeekTSVEncoder.encode(r, into: &text)
        }
        if let rowText { pending.withBytes { rowText(UnsafeRawBufferPointer(rebasing: $0[start...])) } }
    }

    /// One row built in place at the end of the pending text (`LogRow`).
    func write(_ schema: LogSchema, _ build: (inout LogRow) -> Void) {
        buildRow(schema, build, valueOffsets: nil)
        if pending.count >= Self.bufferBytes { flush() }
    }

    /// One row built in place, whose text is handed to `rowText` before it may be flushed,
    /// with where each value begins in it noted in `fieldStarts` (JSON only) and handed along.
    func write(
        _ schema: LogSchema, _ build: (inout LogRow) -> Void, fieldStarts: inout RowFieldStarts,
        rowText: (UnsafeRawBufferPointer, RowFieldStarts) -> Void
    ) {
        let start = pending.count
        if format == .json { fieldStarts.reset(fieldCount: schema.fieldCount, rowStart: start) }
        buildRow(schema, build, valueOffsets: format == .json ? fieldStarts.offsets : nil)
        let starts = fieldStarts
        pending.withBytes { rowText(UnsafeRawBufferPointer(rebasing: $0[start...]), starts) }
        if pending.count >= Self.bufferBytes { flush() }
    }

    private func buildRow(_ schema: LogSchema, _ build: (inout LogRow) -> Void, valueOffsets: UnsafeMutablePointer<Int32>?) {
        // The row writes past the pending text through its own cursor until `finishText`:
        // a row of this file started while building another would write over it.
        precondition(!building, "\(file.path): a row was started while another was being built")
        building = true
        rows += 1
        var row = LogRow(schema, format: format, appendingTo: pending)
        row.valueOffsets = valueOffsets
        build(&row)
        row.finishText()
        building = false
    }
    private var building = false

    /// Hands everything pending to the file.
    func flush() {
        guard pending.count > 0 else { return }
        pending.withBytes { file.append($0) }
        pending.removeAll()
    }
}
