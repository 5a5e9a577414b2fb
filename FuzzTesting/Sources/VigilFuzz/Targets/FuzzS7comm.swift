import VigilEvents
import VigilProtocols

/// Fuzzes TPKT/COTP framing, the S7comm PDU decoder, SZL identity decoding and the analyzer
/// (TSDU and user-data fragment reassembly, S7comm-plus headers) through AnalyzerExercise.
func fuzzS7comm(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let b = UnsafeRawBufferPointer(start: data, count: size)
    _ = COTPParser.parse(b)
    _ = S7CommParser.parse(b)
    _ = S7Identity.decode(Array(b))
    AnalyzerExercise.run(S7Analyzer.descriptor, b)
    return 0
}
