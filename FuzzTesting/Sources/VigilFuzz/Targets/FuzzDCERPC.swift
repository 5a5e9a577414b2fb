import VigilProtocols

/// Fuzzes DCE/RPC framing, bind context lists, secondary addresses and the call state behind
/// dce_rpc.log, through AnalyzerExercise.
func fuzzDCERPC(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let b = UnsafeRawBufferPointer(start: data, count: size)
    _ = DCERPCParser.parse(b)
    AnalyzerExercise.run(DCERPCAnalyzer.descriptor, b)
    return 0
}
