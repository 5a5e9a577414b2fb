import VigilProtocols

/// Fuzzes MBAP framing, the FC43 device-identification decoder, and the analyzer: every
/// function's fields read from requests and responses, and their pairing by transaction id.
func fuzzModbus(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let b = UnsafeRawBufferPointer(start: data, count: size)
    if case .frame(let f, _) = ModbusParser.parse(b) { _ = ModbusParser.deviceIdentification(f.data) }
    _ = ModbusParser.deviceIdentification(Array(b))
    AnalyzerExercise.run(ModbusAnalyzer.descriptor, b)
    return 0
}
