import VigilProtocols

/// Fuzzes the CoAP analyzer (header, token, option deltas and lengths, payload marker)
/// through AnalyzerExercise: each chunk is one datagram.
func fuzzCoAP(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    AnalyzerExercise.run(CoAPAnalyzer.descriptor, UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
