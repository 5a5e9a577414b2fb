import VigilProtocols

/// Fuzzes the MIME entity reader (multipart and message bodies, base64 and quoted-printable
/// parts) and the file magic that sniffs what it yields, through MIMEFuzzExercise.
func fuzzMIME(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    MIMEFuzzExercise.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
