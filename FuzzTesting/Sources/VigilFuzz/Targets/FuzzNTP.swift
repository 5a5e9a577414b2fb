import VigilProtocols

/// Fuzzes the NTP analyzer (header fields, timestamps, reference ids, extension fields)
/// through AnalyzerExercise: each chunk is one datagram.
func fuzzNTP(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    AnalyzerExercise.run(NTPAnalyzer.descriptor, UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
