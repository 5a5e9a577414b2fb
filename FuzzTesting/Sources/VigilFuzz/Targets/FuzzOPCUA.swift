import VigilProtocols

/// Fuzzes the OPC UA binary analyzer (message framing, chunk joining, NodeId and
/// ExtensionObject decoding, DiagnosticInfo nesting, request/response pairing) through
/// AnalyzerExercise: chunks alternate between the two directions of one TCP stream.
func fuzzOPCUA(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    AnalyzerExercise.run(OPCUAAnalyzer.descriptor, UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
