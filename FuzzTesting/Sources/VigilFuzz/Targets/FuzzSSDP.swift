import VigilProtocols

/// Fuzzes the SSDP analyzer (start lines, header splitting, the values it keeps) through
/// AnalyzerExercise: datagrams alternate between the two sides.
func fuzzSSDP(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    AnalyzerExercise.run(SSDPAnalyzer.descriptor, UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
