import VigilProtocols

/// Fuzzes the RTSP analyzer (request recognition, the first response head and its Server
/// header) through AnalyzerExercise: chunks alternate between the two directions.
func fuzzRTSP(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    AnalyzerExercise.run(RTSPAnalyzer.descriptor, UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
