import NIOCore

/// Rows written in the text format of PostgreSQL's `COPY … FROM STDIN`, which the server loads
/// without parsing and planning a statement per run of rows.
///
/// The format (PostgreSQL documentation, COPY, "Text Format"): one line per row, columns
/// separated by a tab, `\N` for NULL; a backslash, newline, carriage return or tab inside a
/// value is written as `\\`, `\n`, `\r` or `\t`. Any other byte stands for itself.
enum CopyText {
    /// `values` holds the rows one after another, `width` values each.
    static func encode(_ values: ArraySlice<StoreValue>, width: Int, into buffer: inout ByteBuffer) {
        var column = 0
        for value in values {
            if column > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            write(value, into: &buffer)
            column += 1
            if column == width {
                buffer.writeInteger(UInt8(ascii: "\n"))
                column = 0
            }
        }
    }

    private static func write(_ value: StoreValue, into buffer: inout ByteBuffer) {
        switch value {
        case .null: buffer.writeStaticString("\\N")
        case .integer(let v): buffer.writeString(String(v))
        // Swift writes the shortest text that reads back as the same double, and "inf", "-inf"
        // and "nan" for the rest, all of which float8's input accepts.
        case .real(let v): buffer.writeString(v.description)
        case .text(let v): writeEscaped(v, into: &buffer)
        case .blob(let bytes):
            // bytea's hex form, `\x…`, whose backslash is itself escaped in COPY's text.
            buffer.writeStaticString("\\\\x")
            let digits = Array("0123456789abcdef".utf8)
            for byte in bytes {
                buffer.writeInteger(digits[Int(byte >> 4)])
                buffer.writeInteger(digits[Int(byte & 0x0F)])
            }
        }
    }

    private static func writeEscaped(_ text: String, into buffer: inout ByteBuffer) {
        var text = text
        // Rows are mostly plain text: runs between the bytes to escape are copied whole.
        text.withUTF8 { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated() {
                guard let escape = escape(byte) else { continue }
                buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                buffer.writeStaticString(escape)
                start = index + 1
            }
            buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }

    private static func escape(_ byte: UInt8) -> StaticString? {
        switch byte {
        case UInt8(ascii: "\\"): "\\\\"
        case UInt8(ascii: "\n"): "\\n"
        case UInt8(ascii: "\r"): "\\r"
        case UInt8(ascii: "\t"): "\\t"
        default: nil
        }
    }
}
