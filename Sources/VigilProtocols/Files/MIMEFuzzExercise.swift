/// Drives the MIME entity reader and the file magic with arbitrary bytes, for the fuzz target
/// and the replay of its failure cases: the first byte chooses the body's type (a multipart
/// with boundary "b", a message, or a multipart whose boundary is never found) and how the
/// rest is cut into deliveries.
public enum MIMEFuzzExercise {
    public static func run(_ b: UnsafeRawBufferPointer) {
        guard let first = b.first else { return }
        let types = ["multipart/mixed; boundary=b", "message/rfc822", "multipart/form-data; boundary=\"never\""]
        var reader = MIMEEntityReader(contentType: types[Int(first) % types.count])
        let body = UnsafeRawBufferPointer(rebasing: b.dropFirst())
        let step = Int(first / 3) % 64 + 1
        var parts: [MIMEEntityReader.Part] = []
        var i = 0
        while i < body.count {
            let n = min(step, body.count - i)
            reader.read(UnsafeRawBufferPointer(rebasing: body[i..<(i + n)]), into: &parts)
            i += n
        }
        reader.finish(into: &parts)
        var content: [UInt8] = []
        for case .data(let d) in parts { content += d.prefix(FileMagic.sniffedBytes - min(content.count, FileMagic.sniffedBytes)) }
        _ = FileMagic.mimeType(of: content)
        _ = FileMagic.mimeType(of: Array(body.prefix(FileMagic.sniffedBytes)))
    }
}
