import VigilProtocols

/// Fuzzes MQTT framing and decoding for every protocol level, consuming packets in a loop.
func fuzzMQTT(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let b = UnsafeRawBufferPointer(start: data, count: size)
    for level: UInt8 in [3, 4, 5] {
        var p = MQTTParser()
        p.level = level
        var o = 0
        while o < b.count {
            switch p.parse(UnsafeRawBufferPointer(rebasing: b[o...])) {
            case .packet(_, let n), .malformed(_, let n): o += max(n, 1)
            case .needMore, .invalid: o = b.count
            }
        }
    }
    _ = MQTTParser.looksLikeConnect(b)
    _ = MQTTParser.looksLikeMidstream(b)
    return 0
}
