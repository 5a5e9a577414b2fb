import VigilProtocols

/// Fuzzes DNP3 link framing, the application-layer decoder, and the TCP and UDP analyzers
/// (transport reassembly, request/response pairing) through AnalyzerExercise.
func fuzzDNP3(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let b = UnsafeRawBufferPointer(start: data, count: size)
    _ = DNP3LinkParser.parse(b)
    _ = DNP3ApplicationParser.parse(b)
    AnalyzerExercise.run(DNP3Analyzer.tcpDescriptor, b)
    AnalyzerExercise.run(DNP3Analyzer.udpDescriptor, b)
    return 0
}
