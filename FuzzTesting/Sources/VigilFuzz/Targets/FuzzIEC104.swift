import VigilProtocols

/// Fuzzes the IEC 60870-5-104 analyzer (APCI framing across TCP chunks, ASDU and object
/// decoding, sequence tracking) through AnalyzerExercise.
func fuzzIEC104(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    AnalyzerExercise.run(IEC104Analyzer.descriptor, UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
