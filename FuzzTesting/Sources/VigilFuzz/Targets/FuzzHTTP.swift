import VigilProtocols

/// Fuzzes HTTP/1.x framing in both directions, delivering the input in two pieces.
func fuzzHTTP(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let b = UnsafeRawBufferPointer(start: data, count: size)
    for isRequest in [true, false] {
        var p = HTTPParser(isRequest: isRequest)
        var events: [HTTPParser.Event] = []
        let half = size / 2
        var pending = Array(b[0..<half])
        if let used = try? pending.withUnsafeBytes({ try p.parse($0, events: &events) }) {
            pending.removeFirst(used)
            pending += Array(b[half...])
            _ = try? pending.withUnsafeBytes { try p.parse($0, events: &events) }
            p.finish(events: &events)
        }
    }
    return 0
}
